using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Labels_that_are_all_integers_sort_numerically_others_ordinally()
    {
        Assert.Equal(["-3", "2", "10"], LabelOrder.Distinct(["10", "2", "-3", "2"]));
        Assert.Equal(["10", "2", "B", "a"], LabelOrder.Distinct(["a", "10", "2", "B"]));
        Assert.Equal(["007", "7"], LabelOrder.Distinct(["7", "007"]));
        var (classes, y) = LabelOrder.Encode(["spam", "ham", "spam"]);
        Assert.Equal(["ham", "spam"], classes);
        Assert.Equal([1, 0, 1], y);
    }

    [Fact]
    public void A_saved_model_comes_back_and_overwriting_is_atomic()
    {
        var model = new ConstantClassifierModel(["a", "b", "c"], 2, 4);
        string path = Path.Combine(_dir, "m.taxon");
        model.Save(path);
        var loaded = Assert.IsType<ConstantClassifierModel>(ModelFile.Load(path));
        Assert.Equal(["a", "b", "c"], loaded.Classes);
        Assert.Equal(2, loaded.Constant);
        Assert.Equal(4, loaded.FeatureCount);
        Assert.Equal(["c"], loaded.Predict(new DenseMatrix(new float[4], 1, 4)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Unusable_files_fail_with_messages_naming_them()
    {
        string path = Path.Combine(_dir, "m.taxon");
        new ConstantClassifierModel(["a", "b"], 0, 3).Save(path);
        byte[] bytes = File.ReadAllBytes(path);

        string text = Path.Combine(_dir, "text.taxon");
        File.WriteAllText(text, "hello, not a model");
        Assert.Contains(text, Assert.Throws<InvalidDataException>(() => ModelFile.Load(text)).Message);

        string weights = Path.Combine(_dir, "weights.safetensors");
        Taxon.Serialization.SafeTensors.Save(weights, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(2) });
        Assert.Contains("no 'taxon.format'", Assert.Throws<InvalidDataException>(() => ModelFile.Load(weights)).Message);

        string edited = Path.Combine(_dir, "edited.taxon");
        File.WriteAllBytes(edited, System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"constant\"", "\"constanT\"", StringComparison.Ordinal)));
        Assert.Contains("damaged", Assert.Throws<InvalidDataException>(() => ModelFile.Load(edited)).Message);

        Assert.Throws<FileNotFoundException>(() => ModelFile.Load(Path.Combine(_dir, "missing.taxon")));
        Assert.Contains("is a folder", Assert.Throws<FileNotFoundException>(() => ModelFile.Load(_dir)).Message);
    }

    [Fact]
    public void A_kind_nobody_registered_is_named_in_the_error()
    {
        string path = Path.Combine(_dir, "alien.taxon");
        ModelFile.Save(path, new AlienModel());
        Assert.Contains("'alien'", Assert.Throws<InvalidDataException>(() => ModelFile.Load(path)).Message);
    }

    private sealed class AlienModel() : Model(1)
    {
        public override string Kind => "alien";

        protected internal override void Write(ModelWriter writer) => writer.Write("w", new double[] { 1, 2 });
    }
}
