using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taxon.Tuning.Storages;

/// <summary>
/// Attribute values as a journal holds them: null, booleans, strings, longs, doubles, lists and string-keyed
/// dictionaries of these, written the way Python's <c>json</c> module reads them back (non-finite floats as the bare
/// tokens <c>NaN</c> and <c>Infinity</c>, integral floats with a trailing <c>.0</c> so they stay floats).
/// </summary>
internal static class JsonValues
{
    // Python's json writes NaN and ±Infinity as bare tokens, which System.Text.Json rejects; they are quoted under
    // these names before parsing and turned back into doubles when read.
    private const string NaNMarker = "\u0001NaN";
    private const string PositiveInfinityMarker = "\u0001Infinity";
    private const string NegativeInfinityMarker = "\u0001-Infinity";

    /// <summary>
    /// Writer options for journal lines: quotes escaped as \" rather than \u0022, as Python writes them, since a
    /// journal is never embedded in HTML.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Converts a user's value to the types that a journal round trip gives back, or throws for others.</summary>
    public static object? Normalise(object? value) => value switch
    {
        null or bool or string or long or double => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (double)m,
        Enum e => e.ToString(),
        JsonElement e => Read(e),
        IReadOnlyDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalise(kv.Value)),
        IDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalise(kv.Value)),
        IEnumerable e => e.Cast<object?>().Select(Normalise).ToList(),
        _ => throw new ArgumentException($"Attribute values must be null, booleans, strings, numbers, lists or string-keyed dictionaries of these; got {value.GetType().Name}."),
    };

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d:
                WriteDouble(writer, d);
                break;
            case IReadOnlyDictionary<string, object?> dict:
                writer.WriteStartObject();
                foreach (var (k, v) in dict)
                {
                    writer.WritePropertyName(k);
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (object? v in list)
                {
                    Write(writer, v);
                }
                writer.WriteEndArray();
                break;
            default:
                Write(writer, Normalise(value));
                break;
        }
    }

    public static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsNaN(d))
        {
            writer.WriteRawValue("NaN", skipInputValidation: true);
        }
        else if (double.IsPositiveInfinity(d))
        {
            writer.WriteRawValue("Infinity", skipInputValidation: true);
        }
        else if (double.IsNegativeInfinity(d))
        {
            writer.WriteRawValue("-Infinity", skipInputValidation: true);
        }
        else
        {
            writer.WriteRawValue(FormatDouble(d), skipInputValidation: true);
        }
    }

    /// <summary>The shortest round-trip form, with ".0" on integral values as Python prints floats.</summary>
    public static string FormatDouble(double d)
    {
        string s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.AsSpan().IndexOfAny('.', 'E', 'e') < 0 ? s + ".0" : s;
    }

    public static object? Read(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => ReadString(e.GetString()!),
        JsonValueKind.Number => e.TryGetInt64(out long l) && !RawHasFraction(e) ? (object)l : e.GetDouble(),
        JsonValueKind.Array => e.EnumerateArray().Select(Read).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Read(p.Value)),
        _ => throw new InvalidDataException($"Unexpected JSON value {e}."),
    };

    /// <summary>A number or a non-finite marker as a double.</summary>
    public static double ReadDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when ReadString(e.GetString()!) is double d => d,
        _ => throw new InvalidDataException($"expected a number, found {e.ValueKind}"),
    };

    /// <summary>Parses one journal line, accepting Python's NaN and Infinity tokens.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException) when (line.Span.IndexOfAny("NI"u8) >= 0)
        {
            return JsonDocument.Parse(QuoteNonFiniteTokens(line.Span));
        }
    }

    private static bool RawHasFraction(JsonElement e) => e.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') >= 0;

    private static object ReadString(string s) => s switch
    {
        NaNMarker => double.NaN,
        PositiveInfinityMarker => double.PositiveInfinity,
        NegativeInfinityMarker => double.NegativeInfinity,
        _ => s,
    };

    private static byte[] QuoteNonFiniteTokens(ReadOnlySpan<byte> line)
    {
        var sb = new StringBuilder(line.Length + 16);
        string text = Encoding.UTF8.GetString(line);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
                sb.Append(c);
            }
            else if (string.CompareOrdinal(text, i, "NaN", 0, 3) == 0)
            {
                sb.Append(Quote(NaNMarker));
                i += 2;
            }
            else if (string.CompareOrdinal(text, i, "-Infinity", 0, 9) == 0)
            {
                sb.Append(Quote(NegativeInfinityMarker));
                i += 8;
            }
            else if (string.CompareOrdinal(text, i, "Infinity", 0, 8) == 0)
            {
                sb.Append(Quote(PositiveInfinityMarker));
                i += 7;
            }
            else
            {
                sb.Append(c);
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Quote(string marker) => "\"\\u0001" + marker[1..] + "\"";
}
