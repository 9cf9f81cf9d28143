using System.Globalization;
using System.Text.Json;

namespace Taxon.Tuning.Storages;

/// <summary>
/// Applies one journal operation (Optuna's journal format) to a <see cref="StudyLedger"/>: the replay shared by
/// every <see cref="IJournalBackend"/> (Optuna: <c>JournalStorageReplayResult.apply_logs</c>). Throws on an
/// operation it cannot read; <see cref="JournalStorage"/> names the entry.
/// </summary>
internal static class JournalReplay
{
    public static void Apply(JsonElement op, StudyLedger ledger)
    {
        var code = (JournalOperation)op.GetProperty("op_code").GetInt32();
        switch (code)
        {
            case JournalOperation.CreateStudy:
                var directions = op.GetProperty("directions");
                if (directions.GetArrayLength() != 1)
                {
                    // Taxon studies have one objective; a multi-objective study is skipped, as it cannot be shown here.
                    ledger.ApplyCreateStudy("\u0001multi-objective:" + op.GetProperty("study_name").GetString(), StudyDirection.Minimize);
                    break;
                }
                ledger.ApplyCreateStudy(op.GetProperty("study_name").GetString()!, ParseDirection(directions[0].GetInt32()));
                break;
            case JournalOperation.DeleteStudy:
                ledger.ApplyDeleteStudy(op.GetProperty("study_id").GetInt32());
                break;
            case JournalOperation.SetStudyUserAttr:
            case JournalOperation.SetStudySystemAttr:
                bool studySystem = code == JournalOperation.SetStudySystemAttr;
                foreach (var p in op.GetProperty(studySystem ? "system_attr" : "user_attr").EnumerateObject())
                {
                    ledger.ApplyStudyAttr(op.GetProperty("study_id").GetInt32(), p.Name, JsonValues.Read(p.Value), studySystem);
                }
                break;
            case JournalOperation.CreateTrial:
                ledger.ApplyCreateTrial(op.GetProperty("study_id").GetInt32(), ReadTrialTemplate(op));
                break;
            case JournalOperation.SetTrialParam:
                ledger.ApplySetParam(
                    op.GetProperty("trial_id").GetInt32(),
                    op.GetProperty("param_name").GetString()!,
                    JsonValues.ReadDouble(op.GetProperty("param_value_internal")),
                    DistributionJson.FromJson(op.GetProperty("distribution").GetString()!));
                break;
            case JournalOperation.SetTrialStateValues:
                var state = ParseState(op.GetProperty("state").GetInt32());
                double? value = null;
                if (op.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
                {
                    value = JsonValues.ReadDouble(values[0]);
                }
                string? stamp = state == TrialState.Running ? OptionalString(op, "datetime_start") : state.IsFinished() ? OptionalString(op, "datetime_complete") : null;
                ledger.ApplySetState(op.GetProperty("trial_id").GetInt32(), state, value, stamp is null ? null : ParseDate(stamp));
                break;
            case JournalOperation.SetTrialIntermediateValue:
                ledger.ApplyIntermediateValue(op.GetProperty("trial_id").GetInt32(), op.GetProperty("step").GetInt32(), JsonValues.ReadDouble(op.GetProperty("intermediate_value")));
                break;
            case JournalOperation.SetTrialUserAttr:
            case JournalOperation.SetTrialSystemAttr:
                bool system = code == JournalOperation.SetTrialSystemAttr;
                foreach (var p in op.GetProperty(system ? "system_attr" : "user_attr").EnumerateObject())
                {
                    ledger.ApplyTrialAttr(op.GetProperty("trial_id").GetInt32(), p.Name, JsonValues.Read(p.Value), system);
                }
                break;
            default:
                throw new InvalidDataException($"unknown op_code {(int)code}");
        }
    }

    private static FrozenTrial ReadTrialTemplate(JsonElement op)
    {
        var distributions = new Dictionary<string, ParameterDistribution>();
        if (op.TryGetProperty("distributions", out var ds) && ds.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ds.EnumerateObject())
            {
                distributions[p.Name] = DistributionJson.FromJson(p.Value.GetString()!);
            }
        }
        var parameters = new Dictionary<string, double>();
        if (op.TryGetProperty("params", out var ps) && ps.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ps.EnumerateObject())
            {
                if (!distributions.ContainsKey(p.Name))
                {
                    throw new InvalidDataException($"parameter '{p.Name}' has no distribution");
                }
                parameters[p.Name] = JsonValues.ReadDouble(p.Value);
            }
        }
        var intermediate = new SortedDictionary<int, double>();
        if (op.TryGetProperty("intermediate_values", out var ivs) && ivs.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ivs.EnumerateObject())
            {
                intermediate[int.Parse(p.Name, CultureInfo.InvariantCulture)] = JsonValues.ReadDouble(p.Value);
            }
        }
        double? value = null;
        if (op.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            value = JsonValues.ReadDouble(v);
        }
        else if (op.TryGetProperty("values", out var vs) && vs.ValueKind == JsonValueKind.Array && vs.GetArrayLength() > 0)
        {
            value = JsonValues.ReadDouble(vs[0]);
        }
        string? start = OptionalString(op, "datetime_start");
        string? complete = OptionalString(op, "datetime_complete");
        return new FrozenTrial
        {
            State = op.TryGetProperty("state", out var s) ? ParseState(s.GetInt32()) : TrialState.Running,
            Value = value,
            InternalParams = parameters,
            Distributions = distributions,
            UserAttrs = ReadAttrs(op, "user_attrs"),
            SystemAttrs = ReadAttrs(op, "system_attrs"),
            IntermediateValues = intermediate,
            DatetimeStart = start is null ? null : ParseDate(start),
            DatetimeComplete = complete is null ? null : ParseDate(complete),
        };
    }

    private static Dictionary<string, object?> ReadAttrs(JsonElement op, string name) =>
        op.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Object
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => JsonValues.Read(p.Value))
            : [];

    private static string? OptionalString(JsonElement op, string name) =>
        op.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static DateTime ParseDate(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal);

    private static StudyDirection ParseDirection(int d) => d switch
    {
        1 => StudyDirection.Minimize,
        2 => StudyDirection.Maximize,
        _ => throw new InvalidDataException($"unknown study direction {d} (expected 1 for minimize or 2 for maximize)"),
    };

    private static TrialState ParseState(int s) =>
        s is >= 0 and <= 4 ? (TrialState)s : throw new InvalidDataException($"unknown trial state {s}");
}
