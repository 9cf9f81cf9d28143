namespace Taxon.Classification.Data;

/// <summary>The file formats <see cref="DataReader"/> reads.</summary>
public enum DataFormat
{
    /// <summary>Comma-separated values (<c>.csv</c>), read by <see cref="CsvReader"/>.</summary>
    Csv,

    /// <summary>Tab-separated values (<c>.tsv</c>), read by <see cref="CsvReader"/>.</summary>
    Tsv,

    /// <summary>One JSON object per line (<c>.jsonl</c>, <c>.json</c>), read by <see cref="JsonLinesReader"/>.</summary>
    JsonLines,

    /// <summary>The LIBSVM / SVMlight sparse text format (<c>.svm</c>, <c>.libsvm</c>, <c>.svmlight</c>), read by <see cref="SvmLightReader"/>.</summary>
    SvmLight,

    /// <summary>Weka's Attribute-Relation File Format, including MULAN's multi-label layout (<c>.arff</c>), read by <see cref="ArffReader"/>.</summary>
    Arff,

    /// <summary>
    /// Texts in one folder per class (<c>train/&lt;label&gt;/&lt;file&gt;</c>), from a folder or straight from a
    /// <c>.tar</c>/<c>.tar.gz</c>/<c>.tgz</c> archive, read by <see cref="TextFolderReader"/>.
    /// </summary>
    TextFolders,

    /// <summary>An mbox file of e-mail messages (<c>.mbox</c>), read by <see cref="MboxReader"/>.</summary>
    Mbox,

    /// <summary>fastText's supervised format, <c>__label__a __label__b text</c> per line, read by <see cref="FastTextReader"/>.</summary>
    FastText,
}
