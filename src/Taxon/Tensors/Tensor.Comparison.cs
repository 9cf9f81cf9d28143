namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>1 where equal, else 0, with broadcasting (PyTorch: <c>eq</c>, as float32).</summary>
    public Tensor Eq(Tensor other) => Zip(BinaryOp.Equal, this, Checked(other), "Eq");

    /// <summary>1 where not equal, else 0 (PyTorch: <c>ne</c>).</summary>
    public Tensor Ne(Tensor other) => Zip(BinaryOp.NotEqual, this, Checked(other), "Ne");

    /// <summary>1 where this &lt; other, else 0 (PyTorch: <c>lt</c>).</summary>
    public Tensor Lt(Tensor other) => Zip(BinaryOp.Less, this, Checked(other), "Lt");

    /// <summary>1 where this ≤ other, else 0 (PyTorch: <c>le</c>).</summary>
    public Tensor Le(Tensor other) => Zip(BinaryOp.LessOrEqual, this, Checked(other), "Le");

    /// <summary>1 where this &gt; other, else 0 (PyTorch: <c>gt</c>).</summary>
    public Tensor Gt(Tensor other) => Zip(BinaryOp.Greater, this, Checked(other), "Gt");

    /// <summary>1 where this ≥ other, else 0 (PyTorch: <c>ge</c>).</summary>
    public Tensor Ge(Tensor other) => Zip(BinaryOp.GreaterOrEqual, this, Checked(other), "Ge");

    /// <summary>1 where equal to a scalar, else 0.</summary>
    public Tensor Eq(float value) => Eq(Scalar(value));

    /// <summary>1 where not equal to a scalar, else 0.</summary>
    public Tensor Ne(float value) => Ne(Scalar(value));

    /// <summary>1 where less than a scalar, else 0.</summary>
    public Tensor Lt(float value) => Lt(Scalar(value));

    /// <summary>1 where at most a scalar, else 0.</summary>
    public Tensor Le(float value) => Le(Scalar(value));

    /// <summary>1 where greater than a scalar, else 0.</summary>
    public Tensor Gt(float value) => Gt(Scalar(value));

    /// <summary>1 where at least a scalar, else 0.</summary>
    public Tensor Ge(float value) => Ge(Scalar(value));

    /// <summary>Whether two tensors have the same shape and all elements within atol + rtol·|other| (PyTorch: <c>allclose</c>).</summary>
    public bool AllClose(Tensor other, float rtol = 1e-5f, float atol = 1e-8f)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ShapeMath.SameShape(_shape, other._shape))
        {
            return false;
        }
        float[] a = ToArray(), b = other.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            if (!(MathF.Abs(a[i] - b[i]) <= atol + rtol * MathF.Abs(b[i])) && !(a[i] == b[i]))
            {
                return false;
            }
        }
        return true;
    }
}
