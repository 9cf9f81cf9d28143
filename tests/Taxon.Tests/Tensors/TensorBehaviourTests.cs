namespace Taxon.Tests.Tensors;

public class TensorBehaviourTests
{
    [Fact]
    public void ToStringPrintsLikePyTorch()
    {
        Assert.Equal("tensor([1., 2., 3.])", Tensor.FromArray([1f, 2f, 3f]).ToString());
        Assert.Equal("tensor([[ 0.1000, -1.2500],\n        [ 3.0000,  4.0000]])", Tensor.FromArray([0.1f, -1.25f, 3f, 4f], 2, 2).ToString());
        Assert.Equal("tensor(3.5000)", Tensor.Scalar(3.5f).ToString());
        Assert.Equal("tensor([])", Tensor.Zeros(0).ToString());
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", Tensor.FromArray([1e-5f, 1f]).ToString());
        Assert.Equal("tensor([nan, inf, 1.])", Tensor.FromArray([float.NaN, float.PositiveInfinity, 1f]).ToString());
        var w = Tensor.FromArray([1f, 2f]);
        w.RequiresGrad = true;
        Assert.Equal("tensor([1., 2.], requires_grad=True)", w.ToString());
        Assert.Equal("tensor([2., 4.], grad_fn=<MulBackward1>)", w.Mul(2f).ToString());
        Assert.Equal("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])", Tensor.Arange(8).Reshape(2, 2, 2).ToString());
        // Reference strings printed by PyTorch 1.13 (str(tensor)).
        Assert.Equal("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])", Tensor.Arange(2000).ToString());
        Assert.Equal("tensor([1.0000e+09, 2.0000e+00])", Tensor.FromArray([1e9f, 2f]).ToString());
        Assert.Equal("tensor([1.5000,    nan])", Tensor.FromArray([1.5f, float.NaN]).ToString());
        Assert.Equal("tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00],\n        [3.0000e+00, 4.0000e+00, 5.0000e+00],\n        [6.0000e+00, 7.0000e+00, 8.0000e+00],\n        ...,\n        [2.9910e+03, 2.9920e+03, 2.9930e+03],\n        [2.9940e+03, 2.9950e+03, 2.9960e+03],\n        [2.9970e+03, 2.9980e+03, 2.9990e+03]])", Tensor.Arange(3000).Reshape(1000, 3).ToString());
        Assert.Equal("tensor([], size=(0, 3))", Tensor.Zeros(0, 3).ToString());
        Assert.Equal("tensor([1.2346e+05, 5.0000e-01])", Tensor.FromArray([123456.7f, 0.5f]).ToString());
        Assert.Equal("tensor([[0, 2],\n        [1, 0]])", IndexTensor.FromArray([0, 2, 1, 0], 2, 2).ToString());
    }

    [Fact]
    public void ShapeMismatchNamesBothShapesAndTheOperation()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Add(Tensor.Zeros(4)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
        Assert.Contains("Add", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(2, 3)));
        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(6).Reshape(4, -1));
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2, 3).T.View(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Sum(2));
    }

    [Fact]
    public void ViewsShareStorage()
    {
        Tensor x = Tensor.Arange(6).Reshape(2, 3);
        Tensor t = x.T;
        Assert.False(t.IsContiguous);
        Assert.Equal([3, 2], t.Shape.ToArray());
        Assert.Equal([1, 3], t.Strides.ToArray());
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], t.ToArray());
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], t.Contiguous().ToArray());
        Assert.True(t.Contiguous().IsContiguous);
        Tensor e = Tensor.FromArray([1f, 2f], 2, 1).Expand(2, 3);
        Assert.Equal([0, 0], [e.Strides[1], e.Strides[1]]);
        Assert.Equal([1f, 1f, 1f, 2f, 2f, 2f], e.ToArray());
        Assert.Equal([2, 1, 3], x.Unsqueeze(1).Shape.ToArray());
        Assert.Equal([2, 3], x.Unsqueeze(1).Squeeze().Shape.ToArray());
        Assert.Equal([1f, 4f], x.Select(1, 1).ToArray());
        Assert.Equal([3f, 5f], x.Slice(1, 0, 3, 2).Select(0, 1).ToArray());
        Assert.Equal(5f, x[1, 2]);
        Assert.Equal(5f, x[-1, -1]);
    }

    [Fact]
    public void SeededGeneratorsAreReproducible()
    {
        var a = Tensor.Randn([4, 5], new Generator(42));
        var b = Tensor.Randn([4, 5], new Generator(42));
        var c = Tensor.Randn([4, 5], new Generator(43));
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.NotEqual(a.ToArray(), c.ToArray());
        Generator.ManualSeed(7);
        float[] r1 = Tensor.Rand([10]).ToArray();
        Generator.ManualSeed(7);
        Assert.Equal(r1, Tensor.Rand([10]).ToArray());
        float[] ints = Tensor.RandInt(-3, 3, [1000], new Generator(1)).ToArray();
        Assert.All(ints, v => Assert.True(v >= -3 && v < 3 && v == MathF.Round(v)));
        float[] normal = Tensor.Randn([20000], new Generator(5)).ToArray();
        double mean = normal.Average(v => (double)v);
        double var = normal.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(var, 0.95, 1.05);
    }

    [Fact]
    public void ArgMaxAndMaxIndices()
    {
        Tensor x = Tensor.FromArray([1f, 5f, 5f, 0f, -1f, 2f], 2, 3);
        (Tensor v, IndexTensor i) = x.Max(1);
        Assert.Equal([5f, 2f], v.ToArray());
        Assert.Equal([1, 2], i.ToArray());
        Assert.Equal([0, 0, 0], x.ArgMax(0).ToArray());
        Assert.Equal([2, 1], x.ArgMin(1, keepDim: true).Shape.ToArray());
        Assert.Equal(1, x.ArgMax());
        // −0 and +0 tie, so the first wins, as in PyTorch.
        Assert.Equal([0], Tensor.FromArray([-0f, 0f]).ArgMax(0).ToArray());
        Assert.Equal([0], Tensor.FromArray([0f, -0f]).ArgMin(0).ToArray());
    }

    [Fact]
    public void VarAndStdWithOneArgumentReduceThatDimensionAsInPyTorch()
    {
        Tensor x = Tensor.FromArray([1f, 2f, 3f, 5f], 2, 2);
        Assert.Equal([2f, 4.5f], x.Var(0).ToArray());
        Assert.Equal(2.9166667f, x.Var().Item(), 5);
        Assert.Equal([0.25f, 1f], x.Var(1, correction: 0).ToArray());
        Assert.Equal([MathF.Sqrt(2f), MathF.Sqrt(4.5f)], x.Std(0).ToArray());
    }

    [Fact]
    public void CreationFunctions()
    {
        Assert.Equal([0f, 0.5f, 1f, 1.5f], Tensor.Arange(0, 2, 0.5f).ToArray());
        Assert.Equal([1f, 0f, 0f, 1f], Tensor.Eye(2).ToArray());
        Assert.Equal([7f, 7f], Tensor.Full([2], 7f).ToArray());
        Assert.Equal(0, Tensor.Scalar(1f).Dim);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(-1));
    }
}
