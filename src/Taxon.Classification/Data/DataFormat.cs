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
}
