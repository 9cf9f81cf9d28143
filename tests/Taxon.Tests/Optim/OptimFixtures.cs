using System.Text.Json;
using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>
/// The PyTorch 1.13 reference cases in <c>fixtures/optim/optim_fixtures.json</c>, written by
/// <c>fixtures/optim/make_optim_fixtures.py</c> (its header documents the format and how to regenerate it).
/// </summary>
public static class OptimFixtures
{
    private static readonly Lazy<JsonDocument> s_document = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "optim", "optim_fixtures.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "Optimiser fixture file not found; regenerate it with /usr/bin/python3 tests/Taxon.Tests/fixtures/optim/make_optim_fixtures.py", path);
        }
        return JsonDocument.Parse(File.ReadAllBytes(path));
    });

    /// <summary>The file's root object.</summary>
    public static JsonElement Root => s_document.Value.RootElement;

    /// <summary>The names of the cases in one section ("optimizers", "schedulers", "clipping"), for xunit MemberData.</summary>
    public static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Root.GetProperty(section).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }

    /// <summary>The case named <paramref name="name"/> in <paramref name="section"/>.</summary>
    public static JsonElement Case(string section, string name)
    {
        foreach (JsonElement c in Root.GetProperty(section).EnumerateArray())
        {
            if (c.GetProperty("name").GetString() == name)
            {
                return c;
            }
        }
        throw new KeyNotFoundException($"No {section} fixture case named '{name}'.");
    }

    /// <summary>Float32 values: the file writes each as the shortest decimal that reads back as it.</summary>
    public static float[] Floats(JsonElement array)
    {
        var result = new float[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            result[i++] = e.GetSingle();
        }
        return result;
    }

    /// <summary>A {shape, data} entry of the problem as a tensor.</summary>
    public static Tensor Tensor(JsonElement entry)
    {
        int[] shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return Taxon.Tensor.FromArray(Floats(entry.GetProperty("data")), shape);
    }

    /// <summary>
    /// The Taxon options for a torch.optim class and its keyword arguments: PyTorch's defaults (the record's
    /// defaults, which the cases without arguments check) with the given arguments applied.
    /// </summary>
    public static OptimizerOptions Options(string optimizer, IReadOnlyDictionary<string, JsonElement> args)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        double D(string key, double fallback)
        {
            used.Add(key);
            return args.TryGetValue(key, out JsonElement e) ? e.GetDouble() : fallback;
        }
        bool B(string key, bool fallback)
        {
            used.Add(key);
            return args.TryGetValue(key, out JsonElement e) ? e.GetBoolean() : fallback;
        }
        double Beta(int index, double fallback)
        {
            used.Add("betas");
            return args.TryGetValue("betas", out JsonElement e) ? e[index].GetDouble() : fallback;
        }

        OptimizerOptions options;
        switch (optimizer)
        {
            case "SGD":
            {
                var d = new SgdOptions(D("lr", double.NaN));
                options = d with
                {
                    Momentum = D("momentum", d.Momentum), Dampening = D("dampening", d.Dampening), WeightDecay = D("weight_decay", d.WeightDecay),
                    Nesterov = B("nesterov", d.Nesterov), Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "Adagrad":
            {
                var d = new AdagradOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), LearningRateDecay = D("lr_decay", d.LearningRateDecay), WeightDecay = D("weight_decay", d.WeightDecay),
                    InitialAccumulatorValue = D("initial_accumulator_value", d.InitialAccumulatorValue), Eps = D("eps", d.Eps), Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "Adadelta":
            {
                var d = new AdadeltaOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), Rho = D("rho", d.Rho), Eps = D("eps", d.Eps), WeightDecay = D("weight_decay", d.WeightDecay),
                    Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "RMSprop":
            {
                var d = new RmsPropOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), Alpha = D("alpha", d.Alpha), Eps = D("eps", d.Eps), WeightDecay = D("weight_decay", d.WeightDecay),
                    Momentum = D("momentum", d.Momentum), Centered = B("centered", d.Centered), Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "Adam":
            {
                var d = new AdamOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), Beta1 = Beta(0, d.Beta1), Beta2 = Beta(1, d.Beta2), Eps = D("eps", d.Eps),
                    WeightDecay = D("weight_decay", d.WeightDecay), Amsgrad = B("amsgrad", d.Amsgrad), Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "AdamW":
            {
                var d = new AdamWOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), Beta1 = Beta(0, d.Beta1), Beta2 = Beta(1, d.Beta2), Eps = D("eps", d.Eps),
                    WeightDecay = D("weight_decay", d.WeightDecay), Amsgrad = B("amsgrad", d.Amsgrad), Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "Adamax":
            {
                var d = new AdamaxOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), Beta1 = Beta(0, d.Beta1), Beta2 = Beta(1, d.Beta2), Eps = D("eps", d.Eps),
                    WeightDecay = D("weight_decay", d.WeightDecay), Maximize = B("maximize", d.Maximize),
                };
                break;
            }
            case "NAdam":
            {
                var d = new NAdamOptions();
                options = d with
                {
                    LearningRate = D("lr", d.LearningRate), Beta1 = Beta(0, d.Beta1), Beta2 = Beta(1, d.Beta2), Eps = D("eps", d.Eps),
                    WeightDecay = D("weight_decay", d.WeightDecay), MomentumDecay = D("momentum_decay", d.MomentumDecay),
                };
                break;
            }
            default:
                throw new NotSupportedException($"Unknown optimizer '{optimizer}' in the fixture.");
        }
        foreach (string key in args.Keys)
        {
            if (!used.Contains(key))
            {
                throw new NotSupportedException($"The fixture gives {optimizer} the argument '{key}', which the test does not map.");
            }
        }
        return options;
    }

    /// <summary>The optimiser of a torch.optim class name over <paramref name="groups"/>.</summary>
    public static Optimizer Create(string optimizer, IEnumerable<ParamGroup> groups, OptimizerOptions defaults) => optimizer switch
    {
        "SGD" => new Sgd(groups, (SgdOptions)defaults),
        "Adagrad" => new Adagrad(groups, (AdagradOptions)defaults),
        "Adadelta" => new Adadelta(groups, (AdadeltaOptions)defaults),
        "RMSprop" => new RmsProp(groups, (RmsPropOptions)defaults),
        "Adam" => new Adam(groups, (AdamOptions)defaults),
        "AdamW" => new AdamW(groups, (AdamWOptions)defaults),
        "Adamax" => new Adamax(groups, (AdamaxOptions)defaults),
        "NAdam" => new NAdam(groups, (NAdamOptions)defaults),
        _ => throw new NotSupportedException($"Unknown optimizer '{optimizer}' in the fixture."),
    };

    /// <summary>A JSON object as a dictionary.</summary>
    public static Dictionary<string, JsonElement> Object(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
