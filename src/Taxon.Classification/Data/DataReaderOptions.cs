using Taxon.Classification.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// How <see cref="DataReader"/> and the format readers interpret a file. Each reader uses the settings that apply to
/// its format and ignores the others, so one options record serves a command line that reads any format.
/// </summary>
public sealed record DataReaderOptions
{
    /// <summary>The format; null (the default) picks it from the file name (see <see cref="DataReader.FormatOf"/>).</summary>
    public DataFormat? Format { get; init; }

    /// <summary>
    /// CSV/TSV: whether the file has a label column (default true). False reads every column but a text column as a
    /// feature and gives each sample the empty label, for files to predict (<c>taxon predict</c>).
    /// </summary>
    public bool HasLabels { get; init; } = true;

    /// <summary>CSV/TSV: the field separator; null (the default) means tab for <c>.tsv</c> files and comma otherwise.</summary>
    public char? Delimiter { get; init; }

    /// <summary>CSV/TSV: whether the first row names the columns (default true; pandas: <c>header=0</c>).</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// CSV/TSV and ARFF: the label column, by name, or by 0-based index (negative counts from the end: -1 is the
    /// last). Null (the default): a column named <c>label</c>, <c>class</c>, <c>target</c> or <c>y</c> (any case),
    /// otherwise the last column (Weka's default class attribute). JSON Lines: the field holding the label (a string
    /// or number) or the labels (an array); null means <c>"label"</c> or <c>"labels"</c>.
    /// </summary>
    public string? LabelColumn { get; init; }

    /// <summary>
    /// CSV/TSV: the separator between the labels of one sample in the label column (e.g. <c>"|"</c> for
    /// <c>sports|politics</c>), which makes the data multi-label; an empty cell is then a sample with no labels.
    /// Null (the default): single-label.
    /// </summary>
    public string? LabelSeparator { get; init; }

    /// <summary>
    /// CSV/TSV: the column holding raw text (by name or index, as <see cref="LabelColumn"/>), which makes the data
    /// text (<see cref="LabeledData.FromTexts(string[], string[])"/>) and every other column but the label ignored.
    /// Null (the default): a column named <c>text</c> (any case) when the header has one; otherwise every other
    /// column is a numeric feature. JSON Lines: the field holding the text (e.g. a raw message); null means <c>"text"</c>.
    /// </summary>
    public string? TextColumn { get; init; }

    /// <summary>
    /// LIBSVM and JSON Lines (sparse features): the number of feature columns, e.g. a test file read with the
    /// training file's count (scikit-learn: <c>load_svmlight_file(n_features=...)</c>); an index beyond it is an
    /// error naming the line. Null (the default): the largest index seen, plus one.
    /// </summary>
    public int? Columns { get; init; }

    /// <summary>
    /// LIBSVM: whether feature indices start at 0; null (the default) decides as scikit-learn's
    /// <c>zero_based="auto"</c>: 0-based if any index in the file is 0, otherwise 1-based. Set it for a test file
    /// whose training file was 0-based, since one file alone cannot tell.
    /// </summary>
    public bool? ZeroBased { get; init; }

    /// <summary>
    /// LIBSVM: whether each line starts with a comma-separated set of labels (<c>2,5 1:0.3</c>; scikit-learn:
    /// <c>multilabel=True</c>); null (the default) decides from the file: multi-label if any label field holds a
    /// comma or is empty.
    /// </summary>
    public bool? MultiLabel { get; init; }

    /// <summary>
    /// ARFF: the number of label attributes in MULAN's layout: N &gt; 0, the last N attributes are the binary
    /// labels (<c>{0,1}</c>, label on when 1); N &lt; 0, the first -N are. 0 (the default): single-label, the class
    /// is <see cref="LabelColumn"/> (by default the last attribute).
    /// </summary>
    public int LabelCount { get; init; }

    /// <summary>
    /// Whether the texts are raw e-mail or Usenet messages (RFC 822 / MIME), to be read with
    /// <see cref="EmailMessage"/> into one marked text each (<see cref="EmailMessage.ToText(EmailTextOptions?)"/>).
    /// Null (the default) decides from the data: <c>.eml</c> files and mbox entries are always messages; the texts of
    /// class folders, archives, JSON Lines and CSV/TSV files are when most of the first 20 look like e-mail (a header
    /// block with MIME or transport headers: <see cref="EmailMessage.LooksLikeMail(ReadOnlySpan{char})"/>). Usenet
    /// posts (20 Newsgroups) are not, by that rule: on them TF-IDF does as well with the raw text (headers and all) as
    /// with the parsed one, and reading is faster. True parses every text, false none.
    /// </summary>
    public bool? Email { get; init; }

    /// <summary>How a message becomes text when <see cref="Email"/> applies; null (the default) means <see cref="EmailTextOptions"/>' defaults.</summary>
    public EmailTextOptions? EmailText { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Delimiter is '\n' or '\r' or '"')
        {
            throw new ArgumentException($"DataReaderOptions.Delimiter: {Delimiter!.Value switch { '"' => "a quote", _ => "a line break" }} cannot separate fields.");
        }
        if (LabelSeparator is { Length: 0 })
        {
            throw new ArgumentException("DataReaderOptions.LabelSeparator: must not be empty (null means single-label).");
        }
        if (Columns is < 0)
        {
            throw new ArgumentException($"DataReaderOptions.Columns: {Columns} is negative.");
        }
        if (LabelColumn is not null && TextColumn is not null && LabelColumn == TextColumn)
        {
            throw new ArgumentException($"DataReaderOptions: LabelColumn and TextColumn both name '{LabelColumn}'.");
        }
        EmailText?.Validate();
    }
}
