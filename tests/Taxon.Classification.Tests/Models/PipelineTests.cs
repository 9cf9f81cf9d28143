using Taxon.Classification.Data;
using Taxon.Classification.Features;
using Taxon.Classification.Models;
using Taxon.Classification.Tests.Conformance;

namespace Taxon.Classification.Tests.Models;

public sealed class PipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// One feature in [-3, 3]; the class is "inside" for |x| &lt; 1 and "outside" otherwise: a boundary no single
    /// threshold on x (no linear model of x) can draw.
    /// </summary>
    private static LabeledData Band(int samples, int seed)
    {
        var random = new Random(seed);
        var x = new float[samples];
        var labels = new string[samples];
        for (int i = 0; i < samples; i++)
        {
            x[i] = (float)(random.NextDouble() * 6 - 3);
            labels[i] = Math.Abs(x[i]) < 1 ? "inside" : "outside";
        }
        return new LabeledData(new DenseMatrix(x, samples, 1), labels);
    }

    [Fact]
    public void Splines_let_a_linear_model_learn_a_non_monotone_effect()
    {
        LabeledData train = Band(400, 1), test = Band(200, 2);
        ClassifierModel linear = new GradientLogisticClassifier().Fit(train);
        ClassifierModel splines = new Pipeline([new SplineTransformer(new() { KnotCount = 7 })], new GradientLogisticClassifier()).Fit(train);
        double linearAccuracy = linear.Score(test), splineAccuracy = splines.Score(test);
        // On x alone the best a linear model can do is predict the majority class ("outside", about 2/3).
        Assert.True(linearAccuracy < 0.75, $"a linear model of x scores {linearAccuracy}");
        Assert.True(splineAccuracy > 0.95, $"a linear model of the splines of x scores {splineAccuracy}");
    }

    [Fact]
    public void Fitting_runs_each_step_on_the_output_of_the_one_before()
    {
        LabeledData train = ConformanceData.Blobs(60, 4, 3, seed: 1);
        var model = (PipelineModel)new Pipeline([new StandardScaler(), new SplineTransformer()], new CentroidClassifier()).Fit(train);
        Assert.Equal(2, model.Steps.Count);
        Assert.Equal(4, model.FeatureCount);
        Assert.Equal(4 * 7, model.Classifier.FeatureCount);
        var scaler = (StandardScalerModel)model.Steps[0];
        FeatureMatrix scaled = scaler.Transform(train.Features);
        var splines = (SplineTransformerModel)new SplineTransformer().Fit(scaled);
        Assert.Equal(splines.Knots(2), ((SplineTransformerModel)model.Steps[1]).Knots(2));
        Assert.Equal(splines.Transform(scaled).ToDense().Values.ToArray(), model.Transform(train.Features).ToDense().Values.ToArray());
        Assert.Equal("standard-scaler+spline+centroid", new Pipeline([new StandardScaler(), new SplineTransformer()], new CentroidClassifier()).Name);
    }

    [Fact]
    public void Save_and_load_give_one_file_with_the_same_predictions()
    {
        LabeledData train = ConformanceData.Blobs(60, 4, 3, seed: 1), test = ConformanceData.Blobs(30, 4, 3, seed: 2);
        var pipeline = new Pipeline([new MinMaxScaler(), new OneHotEncoder(new() { Columns = [], HandleUnknown = UnknownCategory.Ignore }), new SplineTransformer(new() { Extrapolation = SplineExtrapolation.Linear })],
            new CentroidClassifier());
        ClassifierModel model = pipeline.Fit(train);
        string path = Path.Combine(_dir, "pipeline.taxon");
        model.Save(path);
        Assert.Single(Directory.GetFiles(_dir));
        var loaded = Assert.IsType<PipelineModel>(ClassifierModel.Load(path));
        Assert.Equal(3, loaded.Steps.Count);
        Assert.IsType<OneHotEncoderModel>(loaded.Steps[1]);
        Assert.Equal(model.PredictProba(test.Features), loaded.PredictProba(test.Features));
        Assert.Equal(model.Predict(test.Features), loaded.Predict(test.Features));
    }

    [Fact]
    public void A_step_failure_names_the_step()
    {
        LabeledData train = ConformanceData.Blobs(60, 4, 3, seed: 1, sparse: true);
        var pipeline = new Pipeline([new StandardScaler()], new CentroidClassifier());
        Assert.Contains("standard-scaler", Assert.Throws<ArgumentException>(() => pipeline.Fit(train)).Message);
    }
}
