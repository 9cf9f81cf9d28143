using System.Globalization;
using System.Text;

namespace Taxon.NN;

/// <summary>What the convolution modules share: argument checks, PyTorch's default initialisation and the repr tail.</summary>
internal static class ConvSettings
{
    public static void Check(string layer, int inChannels, int outChannels, int groups, Size2d kernel, Size2d stride, Size2d padding, Size2d dilation)
    {
        if (groups <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"{layer}: groups must be positive.");
        }
        if (inChannels <= 0 || outChannels <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException(
                $"{layer}: in_channels ({inChannels}) and out_channels ({outChannels}) must be positive and divisible by groups ({groups}).");
        }
        if (kernel.Height <= 0 || kernel.Width <= 0 || stride.Height <= 0 || stride.Width <= 0 || dilation.Height <= 0 || dilation.Width <= 0)
        {
            throw new ArgumentException(
                $"{layer}: kernel size {kernel.ToTupleString()}, stride {stride.ToTupleString()} and dilation {dilation.ToTupleString()} must be positive.");
        }
        if (padding.Height < 0 || padding.Width < 0)
        {
            throw new ArgumentException($"{layer}: negative padding {padding.ToTupleString()} is not supported.");
        }
    }

    /// <summary>
    /// PyTorch's <c>_ConvNd.reset_parameters</c>: Kaiming uniform with a = √5 (bound 1/√fan_in), and the bias in
    /// U(−1/√fan_in, 1/√fan_in), fan_in from the weight's shape (dimension 1 times the kernel size).
    /// </summary>
    public static void ResetParameters(Tensor weight, Tensor? bias, Generator? generator)
    {
        Init.KaimingUniform_(weight, MathF.Sqrt(5f), generator: generator);
        if (bias is not null)
        {
            var (fanIn, _) = Init.CalculateFanInAndFanOut(weight);
            float bound = fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f;
            Init.Uniform_(bias, -bound, bound, generator);
        }
    }

    public static string AppendGroupsAndBias(StringBuilder sb, int groups, Tensor? bias)
    {
        if (groups != 1)
        {
            sb.Append(Invariant($", groups={groups}"));
        }
        if (bias is null)
        {
            sb.Append(", bias=False");
        }
        return sb.ToString();
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
