using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// Error-correcting output codes (Dietterich and Bakiri 1995): each class gets a code word of bits, one binary
/// model per bit learns to tell the classes whose bit is 1 from the others, and a sample goes to the class whose
/// code word is nearest (Euclidean distance) to the models' outputs (scikit-learn: <c>OutputCodeClassifier</c>).
/// </summary>
public sealed class OutputCodeClassifier : Classifier
{
    /// <summary>The most classes <see cref="OutputCode.Exhaustive"/> accepts (2,047 binary models).</summary>
    public const int MaxExhaustiveClasses = 12;

    /// <summary>How many times a random code book with two identical code words is drawn again before it is kept.</summary>
    private const int CodeBookDraws = 100;

    /// <summary>Wraps <paramref name="estimator"/>; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public OutputCodeClassifier(Classifier estimator, OutputCodeClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Estimator = estimator;
        Options = options ?? new OutputCodeClassifierOptions();
        Options.Validate();
    }

    /// <summary>The binary estimator fitted once per code bit (scikit-learn: <c>estimator</c>).</summary>
    public Classifier Estimator { get; }

    /// <summary>The settings.</summary>
    public OutputCodeClassifierOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "ecoc";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count;
        byte[] codeBook = Options.Code == OutputCode.Exhaustive ? ExhaustiveCode(k) : RandomCode(k, Options.CodeSize, Options.Seed);
        int bits = codeBook.Length / k;
        ClassifierModel[] estimators = ParallelFits.Run(bits, Options.MaxParallelism, b =>
        {
            var binary = new int[y.Length];
            for (int i = 0; i < y.Length; i++)
            {
                binary[i] = codeBook[y[i] * bits + b];
            }
            return Estimator.Fit(x, binary, ["0", "1"], cancellationToken);
        }, cancellationToken);
        return new OutputCodeModel(classes, x.Columns, codeBook, Options.Decoding, estimators);
    }

    /// <summary>
    /// A row-major [k, floor(k × codeSize)] code book of 0/1 bits from <paramref name="seed"/>: no column is
    /// constant, and code words are distinct whenever a draw of <see cref="CodeBookDraws"/> allows it.
    /// </summary>
    internal static byte[] RandomCode(int k, double codeSize, ulong seed)
    {
        int bits = (int)Math.Floor(k * codeSize);
        if (bits < 1)
        {
            throw new ArgumentException($"{nameof(OutputCodeClassifierOptions)}: CodeSize {codeSize} gives {k} classes a code of {bits} bits; it needs at least 1.");
        }
        var generator = new Generator(seed);
        var code = new byte[k * bits];
        for (int draw = 0; draw < CodeBookDraws; draw++)
        {
            for (int b = 0; b < bits; b++)
            {
                bool constant;
                do
                {
                    int ones = 0;
                    for (int c = 0; c < k; c++)
                    {
                        code[c * bits + b] = generator.NextDouble() > 0.5 ? (byte)1 : (byte)0;
                        ones += code[c * bits + b];
                    }
                    constant = ones == 0 || ones == k;
                }
                while (constant);
            }
            if (DistinctRows(code, k, bits))
            {
                break;
            }
        }
        return code;
    }

    /// <summary>The [k, 2^(k−1) − 1] exhaustive code: column m gives class 0 a 1 and class c ≥ 1 bit k−1−c of m.</summary>
    internal static byte[] ExhaustiveCode(int k)
    {
        if (k > MaxExhaustiveClasses)
        {
            throw new ArgumentException(
                $"{nameof(OutputCodeClassifierOptions)}: Code = Exhaustive needs {(1L << (k - 1)) - 1} binary models for {k} classes; it is limited to {MaxExhaustiveClasses} classes. Use Code = Random.");
        }
        int bits = (1 << (k - 1)) - 1;
        var code = new byte[k * bits];
        for (int m = 0; m < bits; m++)
        {
            code[m] = 1;
            for (int c = 1; c < k; c++)
            {
                code[c * bits + m] = (byte)((m >> (k - 1 - c)) & 1);
            }
        }
        return code;
    }

    private static bool DistinctRows(byte[] code, int k, int bits)
    {
        for (int a = 0; a < k; a++)
        {
            for (int b = a + 1; b < k; b++)
            {
                if (code.AsSpan(a * bits, bits).SequenceEqual(code.AsSpan(b * bits, bits)))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
