using System.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads fastText's supervised format: one sample per line, its labels the words that start with <c>__label__</c>
/// (usually first: <c>__label__sports __label__news Some text</c>), the text the other words joined by single spaces.
/// The data is multi-label when any line has more than one label (a line without labels is then a sample with none);
/// otherwise every line needs exactly one label, and a line without one is an <see cref="InvalidDataException"/>
/// naming the file and line. Blank lines are skipped. With <see cref="DataReaderOptions.HasLabels"/> false, label words
/// are still removed and every sample gets the empty label.
/// </summary>
public static class FastTextReader
{
    /// <summary>The prefix that marks a label word, as fastText's <c>-label</c> default.</summary>
    public const string LabelPrefix = "__label__";

    /// <summary>Reads the file at <paramref name="path"/> (gzip-compressed or not).</summary>
    public static LabeledData Read(string path, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DataReader.Guard(path, () =>
        {
            using TextReader reader = DataReader.OpenText(path);
            return Read(reader, path, options);
        });
    }

    /// <summary>Reads fastText-format text; <paramref name="source"/> names it in messages.</summary>
    public static LabeledData Read(TextReader reader, string source, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DataReaderOptions();
        options.Validate();
        var texts = new List<string>();
        var sets = new List<string[]>();
        var lines = new List<int>();
        var labels = new List<string>();
        var text = new StringBuilder();
        bool multi = false;
        int line = 0;
        while (reader.ReadLine() is { } content)
        {
            line++;
            ReadOnlySpan<char> rest = content.AsSpan().Trim();
            if (rest.IsEmpty)
            {
                continue;
            }
            labels.Clear();
            text.Clear();
            foreach (Range r in rest.SplitAny(" \t\v\f\r"))
            {
                ReadOnlySpan<char> word = rest[r];
                if (word.IsEmpty)
                {
                    continue;
                }
                if (word.StartsWith(LabelPrefix, StringComparison.Ordinal) && word.Length > LabelPrefix.Length)
                {
                    string label = word[LabelPrefix.Length..].ToString();
                    if (!labels.Contains(label))
                    {
                        labels.Add(label);
                    }
                    continue;
                }
                if (text.Length > 0)
                {
                    text.Append(' ');
                }
                text.Append(word);
            }
            multi |= labels.Count > 1;
            texts.Add(text.ToString());
            sets.Add(options.HasLabels ? [.. labels] : []);
            lines.Add(line);
        }
        if (texts.Count == 0)
        {
            throw new InvalidDataException($"{source}: holds no samples; expected lines like '{LabelPrefix}spam some text'.");
        }
        LabeledData data;
        if (multi && options.HasLabels)
        {
            data = LabeledData.FromTexts([.. texts], [.. sets]);
        }
        else
        {
            var single = new string[texts.Count];
            for (int i = 0; i < single.Length; i++)
            {
                if (options.HasLabels && sets[i].Length == 0)
                {
                    throw FieldParser.Error(source, lines[i], $"has no label; a line starts with {LabelPrefix}NAME (e.g. '{LabelPrefix}spam some text').");
                }
                single[i] = options.HasLabels ? sets[i][0] : "";
            }
            data = LabeledData.FromTexts([.. texts], single);
        }
        return data.WithOrigin(source, null, [.. lines]);
    }

    /// <summary>Whether the first non-blank line of a text file starts with a <c>__label__</c> word.</summary>
    internal static bool LooksLikeFastText(string path)
    {
        using TextReader reader = DataReader.OpenText(path);
        for (int n = 0; n < 100 && reader.ReadLine() is { } line; n++)
        {
            ReadOnlySpan<char> text = line.AsSpan().TrimStart();
            if (!text.IsEmpty)
            {
                return text.StartsWith(LabelPrefix, StringComparison.Ordinal);
            }
        }
        return false;
    }
}
