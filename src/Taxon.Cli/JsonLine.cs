using System.Text.Encodings.Web;
using System.Text.Json;

namespace Taxon.Cli;

/// <summary>Writes one JSON object as one line on stdout: the machine-readable last line of a command.</summary>
internal static class JsonLine
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        // Relaxed escaping keeps labels readable ("logreg+br", "é"); the line goes to a terminal or a file, never into HTML.
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>A number rounded for reading; JSON has no NaN, so a missing value is written as null.</summary>
    public static void Number(this Utf8JsonWriter writer, string name, double value, int digits)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, digits));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
