namespace Taxon;

/// <summary>Element-wise functions of two same-shaped (broadcast) tensors that a backend implements.</summary>
internal enum BinaryOp
{
    /// <summary>x + y</summary>
    Add,
    /// <summary>x − y</summary>
    Subtract,
    /// <summary>x + P0·y</summary>
    AddScaled,
    /// <summary>x · y</summary>
    Multiply,
    /// <summary>x / y</summary>
    Divide,
    /// <summary>x^y</summary>
    Pow,
    /// <summary>max(x, y), NaN-propagating</summary>
    Maximum,
    /// <summary>min(x, y), NaN-propagating</summary>
    Minimum,
    /// <summary>x == y ? 1 : 0</summary>
    Equal,
    /// <summary>x != y ? 1 : 0</summary>
    NotEqual,
    /// <summary>x &lt; y ? 1 : 0</summary>
    Less,
    /// <summary>x ≤ y ? 1 : 0</summary>
    LessOrEqual,
    /// <summary>x &gt; y ? 1 : 0</summary>
    Greater,
    /// <summary>x ≥ y ? 1 : 0</summary>
    GreaterOrEqual,
    /// <summary>x &gt; 0 ? g : 0 (x, g)</summary>
    ReluBackward,
    /// <summary>x &gt; 0 ? g : P0·g</summary>
    LeakyReluBackward,
    /// <summary>x &gt; 0 ? g : P0·e^x·g</summary>
    EluBackward,
    /// <summary>Φ(x) + x·φ(x), times g</summary>
    GeluBackward,
    /// <summary>σ(P0·x)·g below threshold P1, g above</summary>
    SoftplusBackward,
    /// <summary>(1 − y²)·g for y = tanh x</summary>
    TanhBackward,
    /// <summary>y(1 − y)·g for y = σ(x)</summary>
    SigmoidBackward,
    /// <summary>sign(x)·g</summary>
    AbsBackward,
    /// <summary>P0 ≤ x ≤ P1 ? g : 0</summary>
    ClampBackward,
}
