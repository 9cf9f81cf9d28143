using System.Buffers;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// A fitted <see cref="OutputCodeClassifier"/> (scikit-learn: a fitted <c>OutputCodeClassifier</c> with
/// <c>code_book_</c>). The binary models' outputs (decision values against ±1 code words, or probabilities against
/// 0/1 ones, see <see cref="OutputCodeDecoding"/>) are compared with every class's code word by Euclidean distance
/// d_c; the prediction is the nearest class (the first on ties, as NumPy's <c>argmin</c>). Decision values are −d_c
/// (for two classes, d₀ − d₁, positive meaning the second class). Probabilities, which scikit-learn does not offer,
/// are the softmax of −d_c: nearer code words are more probable, and equal distances give equal probabilities.
/// </summary>
public sealed class OutputCodeModel : ClassifierModel
{
    private readonly ClassifierModel[] _estimators;
    private readonly byte[] _codeBook;

    internal OutputCodeModel(IReadOnlyList<string> classes, int featureCount, byte[] codeBook, OutputCodeDecoding decoding, ClassifierModel[] estimators)
        : base(classes, featureCount)
    {
        int k = classes.Count;
        if (estimators.Length == 0 || codeBook.Length != k * estimators.Length)
        {
            throw new ArgumentException($"{KindName}: a code book of {codeBook.Length} bits does not fit {k} classes and {estimators.Length} binary models.");
        }
        foreach (byte bit in codeBook)
        {
            if (bit > 1)
            {
                throw new ArgumentException($"{KindName}: the code book holds {bit}; bits are 0 or 1.");
            }
        }
        if (!Enum.IsDefined(decoding))
        {
            throw new ArgumentException($"{KindName}: decoding {decoding} is not known.");
        }
        for (int b = 0; b < estimators.Length; b++)
        {
            BinaryOutputs.CheckBinary(estimators[b], featureCount, KindName, b);
        }
        _codeBook = codeBook;
        _estimators = estimators;
        Decoding = decoding;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "output-code";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The binary models, one per code bit (scikit-learn: <c>estimators_</c>).</summary>
    public IReadOnlyList<ClassifierModel> Estimators => _estimators;

    /// <summary>What is compared with the code words.</summary>
    public OutputCodeDecoding Decoding { get; }

    /// <summary>Bit <paramref name="bit"/> of class <paramref name="classIndex"/>'s code word (scikit-learn: <c>code_book_</c>, with 0 for −1).</summary>
    public int Code(int classIndex, int bit) => _codeBook[classIndex * _estimators.Length + bit];

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        int k = Classes.Count;
        Span<double> distances = k <= 64 ? stackalloc double[k] : new double[k];
        Distances(row, distances);
        if (k == 2)
        {
            scores[0] = distances[0] - distances[1];
            return;
        }
        for (int c = 0; c < k; c++)
        {
            scores[c] = -distances[c];
        }
    }

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row)
    {
        int k = Classes.Count;
        Span<double> distances = k <= 64 ? stackalloc double[k] : new double[k];
        Distances(row, distances);
        int best = 0;
        for (int c = 1; c < k; c++)
        {
            if (distances[c] < distances[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        int k = Classes.Count;
        Span<double> p = probabilities[..k];
        Distances(row, p);
        double min = double.PositiveInfinity;
        foreach (double d in p)
        {
            min = Math.Min(min, d);
        }
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            p[c] = Math.Exp(min - p[c]);
            sum += p[c];
        }
        for (int c = 0; c < k; c++)
        {
            p[c] /= sum;
        }
    }

    private void Distances(FeatureRow row, Span<double> distances)
    {
        int bits = _estimators.Length;
        double[] outputs = ArrayPool<double>.Shared.Rent(bits);
        try
        {
            for (int b = 0; b < bits; b++)
            {
                outputs[b] = Decoding == OutputCodeDecoding.Decision
                    ? BinaryOutputs.Decision(_estimators[b], row)
                    : BinaryOutputs.PositiveProbability(_estimators[b], row);
            }
            Distances(outputs.AsSpan(0, bits), _codeBook, Decoding, distances);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(outputs);
        }
    }

    /// <summary>The Euclidean distance from <paramref name="outputs"/> to each class's code word (0 read as −1 when decoding decisions).</summary>
    internal static void Distances(ReadOnlySpan<double> outputs, ReadOnlySpan<byte> codeBook, OutputCodeDecoding decoding, Span<double> distances)
    {
        int bits = outputs.Length;
        double zero = decoding == OutputCodeDecoding.Decision ? -1 : 0;
        for (int c = 0; c < distances.Length; c++)
        {
            ReadOnlySpan<byte> word = codeBook.Slice(c * bits, bits);
            double s = 0;
            for (int b = 0; b < bits; b++)
            {
                double diff = outputs[b] - (word[b] == 1 ? 1 : zero);
                s += diff * diff;
            }
            distances[c] = Math.Sqrt(s);
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("decoding", Decoding);
        var code = new int[_codeBook.Length];
        for (int i = 0; i < code.Length; i++)
        {
            code[i] = _codeBook[i];
        }
        writer.Write("code_book", code, [Classes.Count, _estimators.Length]);
        for (int b = 0; b < _estimators.Length; b++)
        {
            writer.WriteModel($"estimators.{b}", _estimators[b]);
        }
    }

    internal static OutputCodeModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        IReadOnlyList<int> shape = reader.Shape("code_book");
        if (shape.Count != 2 || shape[0] != classes.Length || shape[1] < 1)
        {
            throw reader.Corrupt("code_book", $"its shape [{string.Join(", ", shape)}] does not have one row per class");
        }
        int[] stored = reader.ReadInts("code_book");
        var code = new byte[stored.Length];
        for (int i = 0; i < code.Length; i++)
        {
            code[i] = stored[i] is 0 or 1 ? (byte)stored[i] : throw reader.Corrupt("code_book", $"it holds {stored[i]}; bits are 0 or 1");
        }
        var estimators = new ClassifierModel[shape[1]];
        for (int b = 0; b < estimators.Length; b++)
        {
            estimators[b] = reader.ReadModel<ClassifierModel>($"estimators.{b}");
        }
        return new OutputCodeModel(classes, reader.ReadJson<int>("feature_count"), code, reader.ReadJson<OutputCodeDecoding>("decoding"), estimators);
    }
}
