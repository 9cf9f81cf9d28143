using System.Globalization;

namespace Taxon;

/// <summary>
/// A height and width given as one int (used for both) or as a pair (PyTorch: <c>_size_2_t</c>, an <c>int</c> or
/// <c>Tuple[int, int]</c>): kernel sizes, strides, paddings and dilations of 2-D convolution and pooling. Converts
/// implicitly from <c>3</c> and from <c>(3, 5)</c>, and remembers which form it was given in, because PyTorch prints
/// pooling settings as given (<c>kernel_size=2</c> vs <c>kernel_size=(2, 2)</c>).
/// </summary>
public readonly struct Size2d : IEquatable<Size2d>
{
    private readonly bool _pair;

    /// <summary>A pair: <paramref name="height"/>, then <paramref name="width"/> (PyTorch's tuple order).</summary>
    public Size2d(int height, int width)
    {
        Height = height;
        Width = width;
        _pair = true;
    }

    private Size2d(int both)
    {
        Height = both;
        Width = both;
        _pair = false;
    }

    /// <summary>The size along the height (rows), the first element of PyTorch's tuple.</summary>
    public int Height { get; }

    /// <summary>The size along the width (columns), the second element of PyTorch's tuple.</summary>
    public int Width { get; }

    /// <summary>Whether it was given as a single int.</summary>
    public bool IsScalar => !_pair;

    /// <summary>The same value for height and width (PyTorch: an <c>int</c> argument).</summary>
    public static implicit operator Size2d(int both) => new(both);

    /// <summary>Height and width (PyTorch: a <c>(h, w)</c> tuple argument).</summary>
    public static implicit operator Size2d((int Height, int Width) pair) => new(pair.Height, pair.Width);

    /// <summary>The same value for height and width; the named form of the implicit conversion from int.</summary>
    public static Size2d FromInt32(int both) => new(both);

    /// <summary>Equal when height and width are equal, however they were given.</summary>
    public static bool operator ==(Size2d left, Size2d right) => left.Equals(right);

    /// <summary>Not equal when height or width differ.</summary>
    public static bool operator !=(Size2d left, Size2d right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(Size2d other) => Height == other.Height && Width == other.Width;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Size2d other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Height, Width);

    /// <summary>As Python prints the argument: <c>2</c> when given as an int, <c>(2, 3)</c> when given as a pair.</summary>
    public override string ToString() => _pair ? ToTupleString() : Height.ToString(CultureInfo.InvariantCulture);

    /// <summary>As Python prints the pair, <c>(2, 3)</c>, whatever form it was given in (PyTorch's <c>_pair(x)</c>).</summary>
    public string ToTupleString() => string.Create(CultureInfo.InvariantCulture, $"({Height}, {Width})");
}
