using Taxon.NN;
using Taxon.Tests.Autograd;

namespace Taxon.Tests.NN;

/// <summary>Embedding and EmbeddingBag: finite-difference gradients, initialisation, padding_idx, shapes and error messages.</summary>
public sealed class EmbeddingTests
{
    private static IndexTensor Idx(int[] data, params int[] shape) => IndexTensor.FromArray(data, shape);

    [Fact]
    public void EmbeddingGradientMatchesFiniteDifferences()
    {
        var g = new Generator(1);
        IndexTensor idx = Idx([0, 3, 3, 5, 1, 3], 2, 3);
        GradCheck.Check(xs => Functional.Embedding(idx, xs[0]), GradCheck.Randn(g, [6, 4]));
        // The padding row is returned as stored but deliberately gets no gradient, so only the other rows can be checked.
        GradCheck.Check(xs => Functional.Embedding(idx, xs[0], paddingIdx: 2), GradCheck.Randn(g, [6, 4]));
    }

    [Fact]
    public void EmbeddingOfATransposedWeightMatchesFiniteDifferences()
    {
        var g = new Generator(2);
        IndexTensor idx = Idx([4, 0, 2, 4]);
        GradCheck.Check(xs => Functional.Embedding(idx, xs[0].Transpose(0, 1)), GradCheck.Randn(g, [3, 5]));
    }

    public static TheoryData<EmbeddingBagMode, string> BagCases
    {
        get
        {
            var data = new TheoryData<EmbeddingBagMode, string>();
            foreach (EmbeddingBagMode mode in Enum.GetValues<EmbeddingBagMode>())
            {
                foreach (string layout in new[] { "offsets", "2d", "padding", "last_offset" })
                {
                    data.Add(mode, layout);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BagCases))]
    public void EmbeddingBagGradientMatchesFiniteDifferences(EmbeddingBagMode mode, string layout)
    {
        var g = new Generator(3);
        // Distinct values keep max away from ties (its gradient is undefined there).
        Tensor weight = GradCheck.Distinct(g, 0.1f, [7, 3])[0];
        int[] flat = [1, 4, 2, 6, 2, 0, 5, 5, 3];
        Func<Tensor[], Tensor> op = layout switch
        {
            "offsets" => xs => Functional.EmbeddingBag(Idx(flat), xs[0], Idx([0, 3, 3, 7]), mode),
            "2d" => xs => Functional.EmbeddingBag(Idx(flat, 3, 3), xs[0], null, mode),
            "padding" => xs => Functional.EmbeddingBag(Idx(flat), xs[0], Idx([0, 2, 5]), mode, paddingIdx: 2),
            _ => xs => Functional.EmbeddingBag(Idx(flat), xs[0], Idx([0, 4, 6, 9]), mode, includeLastOffset: true),
        };
        GradCheck.Check(op, weight);
    }

    [Fact]
    public void PerSampleWeightsGradientMatchesFiniteDifferences()
    {
        var g = new Generator(4);
        int[] flat = [1, 4, 2, 6, 2, 0, 5];
        GradCheck.Check(
            xs => Functional.EmbeddingBag(Idx(flat), xs[0], Idx([0, 3, 3]), EmbeddingBagMode.Sum, xs[1], paddingIdx: 2),
            GradCheck.Randn(g, [7, 3]), GradCheck.Randn(g, [7]));
    }

    [Fact]
    public void EmbeddingInitialisesAsPyTorchWithAZeroPaddingRow()
    {
        var e = new Embedding(2000, 50, paddingIdx: 7, generator: new Generator(5));
        Assert.Equal([2000, 50], e.Weight.Shape.ToArray());
        float[] w = e.Weight.ToArray();
        Assert.All(w.AsSpan(7 * 50, 50).ToArray(), v => Assert.Equal(0f, v));
        double mean = w.Average(v => (double)v), std = Math.Sqrt(w.Average(v => (double)v * v) - mean * mean);
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.98, 1.02); // N(0, 1), as torch.nn.Embedding
        Assert.Equal(["weight"], e.NamedParameters().Select(p => p.Name));
        Assert.Equal("Embedding(2000, 50, padding_idx=7)", e.ToString());
        Assert.Equal("EmbeddingBag(10, 3, mode=mean, padding_idx=2)", new EmbeddingBag(10, 3, paddingIdx: 2).ToString());
        Assert.Equal("EmbeddingBag(10, 3, mode=max)", new EmbeddingBag(10, 3, EmbeddingBagMode.Max).ToString());
    }

    [Fact]
    public void PaddingRowGetsNoGradientAndStaysZeroInTraining()
    {
        var e = new Embedding(5, 3, paddingIdx: -1, generator: new Generator(6)); // −1 is row 4, as in PyTorch
        Assert.Equal(4, e.PaddingIdx);
        IndexTensor idx = Idx([4, 1, 4, 2], 2, 2);
        for (int step = 0; step < 3; step++)
        {
            e.ZeroGrad();
            Tensor y = e.Forward(idx);
            Assert.Equal([2, 2, 3], y.Shape.ToArray());
            y.Square().Sum().Backward();
            Assert.All(e.Weight.Grad!.ToArray().AsSpan(4 * 3, 3).ToArray(), v => Assert.Equal(0f, v));
            using (global::Taxon.Autograd.NoGrad())
            {
                e.Weight.Add_(e.Weight.Grad!, alpha: -0.1f);
            }
        }
        Assert.All(e.Weight.ToArray().AsSpan(4 * 3, 3).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Functional.Embedding(Idx([4]), e.Weight).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RepeatedIndicesAccumulateTheirGradients()
    {
        Tensor w = Tensor.Zeros(3, 2);
        w.RequiresGrad = true;
        Functional.Embedding(Idx([1, 1, 1, 2]), w).Sum().Backward();
        Assert.Equal([0f, 0f, 3f, 3f, 1f, 1f], w.Grad!.ToArray());
    }

    [Fact]
    public void AnyIndexShapeGivesTheShapePlusTheDimension()
    {
        var e = new Embedding(4, 2, generator: new Generator(7));
        Assert.Equal([2], e.Forward(Idx([3]).Reshape()).Shape.ToArray()); // a 0-d index
        Assert.Equal([2, 1, 3, 2], e.Forward(Idx([0, 1, 2, 3, 2, 1], 2, 1, 3)).Shape.ToArray());
        Assert.Equal([0, 2], e.Forward(Idx([], 0)).Shape.ToArray());
    }

    [Fact]
    public void FromPretrainedCopiesAndFreezes()
    {
        Tensor table = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        Embedding frozen = Embedding.FromPretrained(table);
        Assert.False(frozen.Weight.RequiresGrad);
        Assert.Equal([3f, 4f, 1f, 2f], frozen.Forward(Idx([1, 0])).ToArray());
        Assert.False(frozen.Forward(Idx([1])).RequiresGrad);
        Embedding trainable = Embedding.FromPretrained(table, freeze: false);
        Assert.True(trainable.Weight.RequiresGrad);
        using (global::Taxon.Autograd.NoGrad())
        {
            trainable.Weight.Fill_(0f);
        }
        Assert.Equal(1f, table[0, 0]); // a copy, not a view of the caller's tensor
    }

    [Fact]
    public void EmbeddingBagModuleMatchesTheFunctionalForm()
    {
        var bag = new EmbeddingBag(6, 3, EmbeddingBagMode.Sum, includeLastOffset: true, generator: new Generator(8));
        IndexTensor idx = Idx([1, 2, 3, 4, 5]);
        IndexTensor offsets = Idx([0, 2, 5]);
        Tensor expected = Functional.EmbeddingBag(idx, bag.Weight, offsets, EmbeddingBagMode.Sum, includeLastOffset: true);
        Assert.Equal(expected.ToArray(), bag.Forward(idx, offsets).ToArray());
        Assert.Equal([2, 3], bag.Forward(Idx([1, 2, 3, 4], 2, 2)).Shape.ToArray());
        Tensor psw = Tensor.FromArray([1f, 2f, 0.5f, 1f, -1f]);
        Tensor weighted = bag.Forward(idx, offsets, psw);
        float[] w = bag.Weight.ToArray();
        Assert.Equal(w[1 * 3] + 2f * w[2 * 3], weighted[0, 0], 5);
    }

    [Fact]
    public void MeanOfABagOfOnlyPaddingIsZero()
    {
        Tensor w = Tensor.Ones(4, 2);
        Tensor y = Functional.EmbeddingBag(Idx([2, 2, 1]), w, Idx([0, 2]), EmbeddingBagMode.Mean, paddingIdx: 2);
        Assert.Equal([0f, 0f, 1f, 1f], y.ToArray());
    }

    [Fact]
    public void OutOfRangeIndicesNameTheIndexAndTheSize()
    {
        Tensor w = Tensor.Zeros(5, 2);
        var e1 = Assert.Throws<ArgumentException>(() => Functional.Embedding(Idx([1, 7, 2]), w));
        Assert.Contains("index 7 at position 1", e1.Message, StringComparison.Ordinal);
        Assert.Contains("num_embeddings 5", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => Functional.Embedding(Idx([-1]), w));
        Assert.Contains("index -1", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<ArgumentException>(() => new EmbeddingBag(5, 2).Forward(Idx([0, 5], 1, 2)));
        Assert.Contains("index 5", e3.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(5, 2, paddingIdx: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(5, 2, paddingIdx: -6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(-1, 2));
        var e4 = Assert.Throws<ArgumentException>(() => Functional.Embedding(Idx([0]), Tensor.Zeros(5)));
        Assert.Contains("[5]", e4.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBagsAreRejectedWithClearMessages()
    {
        Tensor w = Tensor.Zeros(5, 2);
        IndexTensor idx = Idx([1, 2, 3, 4]);
        Assert.Contains("offsets[0] must be 0", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Idx([1, 2]))).Message,
            StringComparison.Ordinal);
        Assert.Contains("non-decreasing", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Idx([0, 3, 2]))).Message,
            StringComparison.Ordinal);
        Assert.Contains("past the input's length 4", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Idx([0, 6]))).Message,
            StringComparison.Ordinal);
        Assert.Contains("needs 1-D offsets", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w)).Message, StringComparison.Ordinal);
        Assert.Contains("offsets must be null", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(Idx([1, 2], 1, 2), w, Idx([0]))).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(Idx([1, 2], 1, 1, 2), w));
        Assert.Contains("only supported for mode Sum",
            Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Idx([0]), EmbeddingBagMode.Mean, Tensor.Ones(4))).Message,
            StringComparison.Ordinal);
        Assert.Contains("must have the input's shape",
            Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Idx([0]), EmbeddingBagMode.Sum, Tensor.Ones(3))).Message,
            StringComparison.Ordinal);
    }
}
