using System.Text;
using Taxon.NN;
using Taxon.Serialization;

namespace Taxon.Tests.NN;

public class ModuleTests
{
    private sealed class TwoLayer : Module<Tensor, Tensor>
    {
        public TwoLayer(Generator g)
        {
            Body = RegisterModule("body", new Sequential(new Linear(4, 8, generator: g), new Relu(), new Dropout(0.5f, g)));
            Head = RegisterModule("head", new Linear(8, 3, bias: false, generator: g));
            Steps = RegisterBuffer("steps", Tensor.Zeros(1));
        }

        public Sequential Body { get; }

        public Linear Head { get; }

        public Tensor Steps { get; }

        public override Tensor Forward(Tensor input) => Head.Forward(Body.Forward(input));
    }

    [Fact]
    public void ParametersAreRecursiveAndNamedAsInPyTorch()
    {
        var m = new TwoLayer(new Generator(1));
        Assert.Equal(["body.0.weight", "body.0.bias", "head.weight"], m.NamedParameters().Select(p => p.Name));
        Assert.Equal(["steps"], m.NamedBuffers().Select(p => p.Name));
        Assert.All(m.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(4 * 8 + 8 + 8 * 3, m.ParameterCount());
        Assert.Equal(6, m.Modules().Count()); // TwoLayer, Sequential, Linear, Relu, Dropout, Linear
    }

    [Fact]
    public void TrainAndEvalAreRecursive()
    {
        var m = new TwoLayer(new Generator(1));
        Assert.All(m.Modules(), x => Assert.True(x.IsTraining));
        m.Eval();
        Assert.All(m.Modules(), x => Assert.False(x.IsTraining));
        Tensor x = Tensor.Randn([5, 4], new Generator(2));
        Assert.Equal(m.Forward(x).ToArray(), m.Forward(x).ToArray()); // dropout is the identity in eval
        m.Train();
        Assert.NotEqual(m.Forward(x).ToArray(), m.Forward(x).ToArray());
    }

    [Fact]
    public void DropoutZeroesAndRescalesInTraining()
    {
        var d = new Dropout(0.25f, new Generator(3));
        float[] y = d.Forward(Tensor.Ones(100_000)).ToArray();
        double zeros = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeros, 0.24, 0.26);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75f) < 1e-6));
        d.Eval();
        Assert.All(d.Forward(Tensor.Ones(10)).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void ZeroGradClearsGradients()
    {
        var m = new TwoLayer(new Generator(1));
        m.Forward(Tensor.Randn([2, 4], new Generator(2))).Sum().Backward();
        Assert.All(m.Parameters(), p => Assert.NotNull(p.Grad));
        m.ZeroGrad(setToNone: false);
        Assert.All(m.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v)));
        m.ZeroGrad();
        Assert.All(m.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void LinearInitialisationMatchesPyTorchBounds()
    {
        var lin = new Linear(400, 300, generator: new Generator(4));
        float bound = 1f / MathF.Sqrt(400);
        float[] w = lin.Weight.ToArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.98f * bound && w.Min() < -0.98f * bound);
        double std = Math.Sqrt(w.Average(v => (double)v * v));
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.98, bound / Math.Sqrt(3) * 1.02); // U(−b, b) has std b/√3
        Assert.All(lin.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Equal("Linear(in_features=400, out_features=300, bias=True)", lin.ToString());
    }

    [Fact]
    public void ToStringPrintsTheTreeLikePyTorch()
    {
        var m = new Sequential(new Linear(784, 256), new Relu(), new Dropout(0.5f), new Linear(256, 10));
        Assert.Equal(
            "Sequential(\n  (0): Linear(in_features=784, out_features=256, bias=True)\n  (1): Relu()\n" +
            "  (2): Dropout(p=0.5, inplace=False)\n  (3): Linear(in_features=256, out_features=10, bias=True)\n)",
            m.ToString());
    }

    [Fact]
    public void SafetensorsRoundTripRestoresTheModel()
    {
        string path = Path.Combine(Path.GetTempPath(), $"taxon-{Guid.NewGuid():N}.safetensors");
        try
        {
            var a = new TwoLayer(new Generator(1));
            using (Taxon.Autograd.NoGrad())
            {
                a.Steps.Fill_(42f);
            }
            a.Save(path);
            var b = new TwoLayer(new Generator(99));
            Assert.NotEqual(a.Head.Weight.ToArray(), b.Head.Weight.ToArray());
            b.Load(path);
            foreach (var ((na, pa), (nb, pb)) in a.StateDict().Zip(b.StateDict()))
            {
                Assert.Equal(na, nb);
                Assert.Equal(pa.ToArray(), pb.ToArray());
            }
            Assert.True(b.Head.Weight.RequiresGrad);
            Assert.Equal(42f, b.Steps.Item());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadingChecksNamesAndShapesAndChangesNothingOnError()
    {
        var m = new TwoLayer(new Generator(1));
        float[] before = m.Head.Weight.ToArray();
        var state = m.StateDict().ToDictionary(p => p.Key, p => p.Value.Clone());
        state["head.weight"] = Tensor.Zeros(2, 2);
        state.Remove("body.0.bias");
        state["extra"] = Tensor.Zeros(1);
        state["body.0.weight"] = Tensor.Ones(8, 4);
        var ex = Assert.Throws<InvalidDataException>(() => m.LoadStateDict(state));
        Assert.Contains("missing: body.0.bias", ex.Message);
        Assert.Contains("unexpected: extra", ex.Message);
        Assert.Contains("'head.weight' has shape [2, 2]", ex.Message);
        Assert.Equal(before, m.Head.Weight.ToArray());
        Assert.NotEqual(1f, m.Body.Layers[0].Parameters().First().ToArray()[0]);
    }

    [Fact]
    public void CorruptOrTruncatedFilesFailClearly()
    {
        var m = new TwoLayer(new Generator(1));
        using var buffer = new MemoryStream();
        SafeTensors.Save(buffer, m.StateDict());
        byte[] bytes = buffer.ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"taxon-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
            var ex = Assert.Throws<InvalidDataException>(() => m.Load(path));
            Assert.Contains(path, ex.Message);
            Assert.Contains("truncated", ex.Message);

            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<InvalidDataException>(() => m.Load(path));

            byte[] garbage = (byte[])bytes.Clone();
            garbage[8] = (byte)'X'; // the header's JSON
            ex = Assert.Throws<InvalidDataException>(() => m.Load(path.Replace(".safetensors", ".x", StringComparison.Ordinal) is var p2 && WriteAndReturn(p2, garbage) ? p2 : path));
            Assert.Contains("malformed", ex.Message);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path.Replace(".safetensors", ".x", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void SafetensorsLayoutFollowsTheSpecification()
    {
        // header length (u64 LE), JSON header padded with spaces to 8 bytes, F32 little-endian data in name order
        var tensors = new Dictionary<string, Tensor> { ["b"] = Tensor.FromArray([1f, 2f]), ["a"] = Tensor.Scalar(-1.5f) };
        using var buffer = new MemoryStream();
        SafeTensors.Save(buffer, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        byte[] bytes = buffer.ToArray();
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, (8 + n) % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd(' ');
        Assert.Equal("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", header);
        Assert.Equal(-1.5f, BitConverter.ToSingle(bytes, 8 + (int)n));
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 8 + (int)n + 8));
        buffer.Position = 0;
        var (loaded, meta) = SafeTensors.Load(buffer);
        Assert.Equal("pt", meta["format"]);
        Assert.Equal(0, loaded["a"].Dim);
        Assert.Equal([1f, 2f], loaded["b"].ToArray());
    }

    [Fact]
    public void SafetensorsReadsHalfAndBFloat16()
    {
        string header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
        using var s = new MemoryStream();
        s.Write(BitConverter.GetBytes((long)header.Length));
        s.Write(Encoding.UTF8.GetBytes(header));
        s.Write(BitConverter.GetBytes((Half)1.5f));
        s.Write(BitConverter.GetBytes((Half)(-2f)));
        s.Write(BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(3.0f) >> 16)));
        s.Position = 0;
        var (t, _) = SafeTensors.Load(s);
        Assert.Equal([1.5f, -2f], t["h"].ToArray());
        Assert.Equal([3f], t["b"].ToArray());
    }

    [Fact]
    public void StrictLoadingRejectsOtherDTypes()
    {
        var lin = new Linear(1, 1, bias: false);
        string header = "{\"weight\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]}}";
        string path = Path.Combine(Path.GetTempPath(), $"taxon-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var s = File.Create(path))
            {
                s.Write(BitConverter.GetBytes((long)header.Length));
                s.Write(Encoding.UTF8.GetBytes(header));
                s.Write(BitConverter.GetBytes((Half)0.5f));
            }
            var ex = Assert.Throws<InvalidDataException>(() => lin.Load(path));
            Assert.Contains("'weight' is F16", ex.Message);
            lin.Load(path, strict: false);
            Assert.Equal(0.5f, lin.Weight.Item());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool WriteAndReturn(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return true;
    }
}
