namespace Taxon;

/// <summary>Element-wise functions of one tensor that a backend implements; P0/P1 are their parameters.</summary>
internal enum UnaryOp
{
    /// <summary>-x</summary>
    Negate,
    /// <summary>e^x</summary>
    Exp,
    /// <summary>ln x</summary>
    Log,
    /// <summary>√x</summary>
    Sqrt,
    /// <summary>|x|</summary>
    Abs,
    /// <summary>x²</summary>
    Square,
    /// <summary>tanh x</summary>
    Tanh,
    /// <summary>1/(1+e^-x)</summary>
    Sigmoid,
    /// <summary>max(x, 0)</summary>
    Relu,
    /// <summary>x ≥ 0 ? x : P0·x</summary>
    LeakyRelu,
    /// <summary>x &gt; 0 ? x : P0·(e^x − 1)</summary>
    Elu,
    /// <summary>x·Φ(x), exact (erf) form</summary>
    Gelu,
    /// <summary>log(1 + e^(P0·x))/P0, linear above threshold P1</summary>
    Softplus,
    /// <summary>min(max(x, P0), P1)</summary>
    Clamp,
    /// <summary>x^P0</summary>
    PowScalar,
    /// <summary>P0·x + P1</summary>
    Affine,
    /// <summary>P0 / x</summary>
    ScalarDivide,
    /// <summary>P0^x</summary>
    ScalarPow,
}
