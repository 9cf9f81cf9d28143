namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting (PyTorch: <c>add</c>).</summary>
    public Tensor Add(Tensor other)
    {
        Tensor a = this, b = Checked(other);
        return Record(Zip(BinaryOp.Add, a, b, "Add"), "AddBackward0", [a, b], g => [a.RequiresGrad ? g.SumTo(a._shape) : null, b.RequiresGrad ? g.SumTo(b._shape) : null]);
    }

    /// <summary>Element-wise difference with broadcasting (PyTorch: <c>sub</c>).</summary>
    public Tensor Sub(Tensor other)
    {
        Tensor a = this, b = Checked(other);
        return Record(Zip(BinaryOp.Subtract, a, b, "Sub"), "SubBackward0", [a, b], g => [a.RequiresGrad ? g.SumTo(a._shape) : null, b.RequiresGrad ? g.Neg().SumTo(b._shape) : null]);
    }

    /// <summary>Element-wise product with broadcasting (PyTorch: <c>mul</c>).</summary>
    public Tensor Mul(Tensor other)
    {
        Tensor a = this, b = Checked(other);
        return Record(Zip(BinaryOp.Multiply, a, b, "Mul"), "MulBackward0", [a, b],
            g => [a.RequiresGrad ? g.Mul(b).SumTo(a._shape) : null, b.RequiresGrad ? g.Mul(a).SumTo(b._shape) : null], a, b);
    }

    /// <summary>Element-wise quotient with broadcasting (PyTorch: <c>div</c>).</summary>
    public Tensor Div(Tensor other)
    {
        Tensor a = this, b = Checked(other);
        return Record(Zip(BinaryOp.Divide, a, b, "Div"), "DivBackward0", [a, b], g =>
        {
            Tensor ga = g.Div(b);
            return [a.RequiresGrad ? ga.SumTo(a._shape) : null, b.RequiresGrad ? ga.Mul(a).Div(b).Neg().SumTo(b._shape) : null];
        }, a, b);
    }

    /// <summary>Element-wise power with broadcasting (PyTorch: <c>pow</c>).</summary>
    public Tensor Pow(Tensor exponent)
    {
        Tensor a = this, b = Checked(exponent);
        Tensor result = Zip(BinaryOp.Pow, a, b, "Pow");
        Tensor output = result.Detach();
        return Record(result, "PowBackward1", [a, b], g =>
        {
            Tensor? ga = a.RequiresGrad ? g.Mul(b).Mul(a.Pow(b.Sub(Scalar(1)))).SumTo(a._shape) : null;
            Tensor? gb = null;
            if (b.RequiresGrad)
            {
                // d/db a^b = a^b·ln a; PyTorch defines it as 0 where a = 0 and b ≥ 0 (the limit), not NaN.
                Tensor term = output.Mul(a.Log());
                term = term.MaskedFill(a.Eq(0f).Mul(b.Ge(0f)), 0f);
                gb = g.Mul(term).SumTo(b._shape);
            }
            return [ga, gb];
        }, a, b, output);
    }

    /// <summary>Element-wise power with a scalar exponent (PyTorch: <c>pow</c>).</summary>
    public Tensor Pow(float exponent)
    {
        Tensor a = this;
        Tensor result = Map(UnaryOp.PowScalar, exponent);
        return Record(result, "PowBackward0", [a], g => [exponent == 0 ? g.ZerosLike() : g.Mul(a.Pow(exponent - 1).Mul(exponent))], a);
    }

    /// <summary>Element-wise maximum with broadcasting; ties share the gradient equally (PyTorch: <c>maximum</c>).</summary>
    public Tensor Maximum(Tensor other) => MaxMin(Checked(other), BinaryOp.Maximum, "MaximumBackward0");

    /// <summary>Element-wise minimum with broadcasting; ties share the gradient equally (PyTorch: <c>minimum</c>).</summary>
    public Tensor Minimum(Tensor other) => MaxMin(Checked(other), BinaryOp.Minimum, "MinimumBackward0");

    private Tensor MaxMin(Tensor b, BinaryOp op, string name)
    {
        Tensor a = this;
        return Record(Zip(op, a, b, name), name, [a, b], g =>
        {
            Tensor wins = op == BinaryOp.Maximum ? a.Gt(b) : a.Lt(b);
            Tensor share = wins.Add(a.Eq(b).Mul(0.5f));
            return [a.RequiresGrad ? g.Mul(share).SumTo(a._shape) : null, b.RequiresGrad ? g.Mul(share.Neg().Add(1f)).SumTo(b._shape) : null];
        }, a, b);
    }

    /// <summary>Adds a scalar (PyTorch: <c>add</c>).</summary>
    public Tensor Add(float value) => Affine(1f, value, "AddBackward1");

    /// <summary>Subtracts a scalar (PyTorch: <c>sub</c>).</summary>
    public Tensor Sub(float value) => Affine(1f, -value, "SubBackward1");

    /// <summary>Multiplies by a scalar (PyTorch: <c>mul</c>).</summary>
    public Tensor Mul(float value) => Affine(value, 0f, "MulBackward1");

    /// <summary>Divides by a scalar (PyTorch: <c>div</c>).</summary>
    public Tensor Div(float value) => Div(Scalar(value));

    private Tensor Affine(float scale, float shift, string name)
    {
        Tensor result = Map(UnaryOp.Affine, scale, shift);
        return Record(result, name, [this], g => [scale == 1f ? g : g.Mul(scale)]);
    }

    /// <summary>−x (PyTorch: <c>neg</c>).</summary>
    public Tensor Neg() => Record(Map(UnaryOp.Negate), "NegBackward0", [this], g => [g.Neg()]);

    /// <summary>e^x (PyTorch: <c>exp</c>).</summary>
    public Tensor Exp()
    {
        Tensor result = Map(UnaryOp.Exp);
        Tensor output = result.Detach();
        return Record(result, "ExpBackward0", [this], g => [g.Mul(output)], output);
    }

    /// <summary>Natural logarithm (PyTorch: <c>log</c>).</summary>
    public Tensor Log()
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Log), "LogBackward0", [a], g => [g.Div(a)], a);
    }

    /// <summary>Square root (PyTorch: <c>sqrt</c>).</summary>
    public Tensor Sqrt()
    {
        Tensor result = Map(UnaryOp.Sqrt);
        Tensor output = result.Detach();
        return Record(result, "SqrtBackward0", [this], g => [g.Div(output.Mul(2f))], output);
    }

    /// <summary>x² (PyTorch: <c>square</c>).</summary>
    public Tensor Square()
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Square), "PowBackward0", [a], g => [g.Mul(a).Mul(2f)], a);
    }

    /// <summary>Absolute value; the gradient at 0 is 0 (PyTorch: <c>abs</c>).</summary>
    public Tensor Abs()
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Abs), "AbsBackward0", [a], g => [Zip(BinaryOp.AbsBackward, a, g, "AbsBackward")], a);
    }

    /// <summary>Clamps into [min, max]; either bound may be null (PyTorch: <c>clamp</c>).</summary>
    public Tensor Clamp(float? min = null, float? max = null)
    {
        if (min is null && max is null)
        {
            throw new ArgumentException("Clamp: at least one of min and max must be given.");
        }
        float lo = min ?? float.NegativeInfinity, hi = max ?? float.PositiveInfinity;
        Tensor a = this;
        return Record(Map(UnaryOp.Clamp, lo, hi), "ClampBackward1", [a], g => [Zip(BinaryOp.ClampBackward, a, g, "ClampBackward", lo, hi)], a);
    }

    /// <summary>The sum of two tensors (broadcasting).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>The difference of two tensors (broadcasting).</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    /// <summary>The element-wise product of two tensors (broadcasting).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    /// <summary>The element-wise quotient of two tensors (broadcasting).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, float b) => a.Add(b);

    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(float a, Tensor b) => b.Add(a);

    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, float b) => a.Sub(b);

    /// <summary>A scalar minus a tensor.</summary>
    public static Tensor operator -(float a, Tensor b) => b.Affine(-1f, a, "RsubBackward1");

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, float b) => a.Mul(b);

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(float a, Tensor b) => b.Mul(a);

    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, float b) => a.Div(b);

    /// <summary>A scalar divided by a tensor.</summary>
    public static Tensor operator /(float a, Tensor b) => Scalar(a).Div(b);

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>
    /// Sums a broadcast gradient back to <paramref name="shape"/>: over the leading dimensions broadcasting added and
    /// over dimensions that were 1 (the backward of broadcasting; PyTorch's <c>sum_to_size</c>).
    /// </summary>
    public Tensor SumTo(ReadOnlySpan<int> shape)
    {
        if (ShapeMath.SameShape(_shape, shape))
        {
            return this;
        }
        int lead = Dim - shape.Length;
        if (lead < 0)
        {
            throw new ArgumentException($"SumTo: shape {ShapeMath.Format(_shape)} cannot be summed to the larger shape {ShapeMath.Format(shape)}.");
        }
        var dims = new List<int>();
        for (int i = 0; i < Dim; i++)
        {
            if (i < lead || (shape[i - lead] == 1 && _shape[i] != 1))
            {
                dims.Add(i);
            }
            else if (shape[i - lead] != _shape[i])
            {
                throw new ArgumentException($"SumTo: shape {ShapeMath.Format(_shape)} cannot be summed to {ShapeMath.Format(shape)}.");
            }
        }
        Tensor summed = dims.Count == 0 ? this : Sum([.. dims], keepDim: true);
        return summed.Reshape(shape.ToArray());
    }

    private static Tensor Checked(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other;
    }

    /// <summary>op(a, b) with broadcasting, outside the graph.</summary>
    internal static Tensor Zip(BinaryOp op, Tensor a, Tensor b, string name, float p0 = 0, float p1 = 0)
    {
        int[] shape = ShapeMath.Broadcast(a._shape, b._shape, name);
        Tensor result = Empty(shape);
        Backend.Binary(op, a.Layout.BroadcastTo(shape), b.Layout.BroadcastTo(shape), result.ContiguousSpan, p0, p1);
        return result;
    }

    /// <summary>op(this) outside the graph.</summary>
    internal Tensor Map(UnaryOp op, float p0 = 0, float p1 = 0)
    {
        Tensor result = Empty((int[])_shape.Clone());
        Backend.Unary(op, Layout, result.ContiguousSpan, p0, p1);
        return result;
    }
}
