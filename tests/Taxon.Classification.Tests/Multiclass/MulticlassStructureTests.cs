using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;
using Taxon.Classification.Tests.Conformance;

namespace Taxon.Classification.Tests.Multiclass;

/// <summary>How the decompositions split a problem: which sub-problems they fit, on which samples, and their code books.</summary>
public sealed class MulticlassStructureTests
{
    /// <summary>Sample i has the single feature i and class y[i], so a recorded sub-problem shows which samples it got.</summary>
    private static (DenseMatrix X, int[] Y) Indexed(int[] y) => (new DenseMatrix([.. Enumerable.Range(0, y.Length).Select(i => (float)i)], y.Length, 1), y);

    private static readonly int[] FourClasses = [0, 1, 2, 3, 1, 2, 0, 3, 2, 2, 1, 0];

    [Fact]
    public void One_vs_rest_fits_one_model_per_class_on_all_samples()
    {
        var recorder = new RecordingClassifier();
        var (x, y) = Indexed(FourClasses);
        var model = (OneVsRestModel)new OneVsRestClassifier(recorder).Fit(x, y, ["a", "b", "c", "d"]);
        Assert.Equal(4, model.Estimators.Count);
        var calls = recorder.Calls.OrderBy(c => c.Classes[1], StringComparer.Ordinal).ToArray();
        string[] names = ["a", "b", "c", "d"];
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(["not " + names[c], names[c]], calls[c].Classes);
            Assert.Equal(y.Select(v => v == c ? 1 : 0), calls[c].Y);
            Assert.Equal(y.Length, calls[c].Rows.Length);
            Assert.Equal(calls[c].Classes, model.Estimators[c].Classes);
        }
    }

    [Fact]
    public void One_vs_rest_on_two_classes_fits_the_problem_itself()
    {
        var recorder = new RecordingClassifier();
        var (x, y) = Indexed([0, 1, 1, 0, 1]);
        var model = (OneVsRestModel)new OneVsRestClassifier(recorder).Fit(x, y, ["no", "yes"]);
        Assert.Single(model.Estimators);
        Assert.Equal(["no", "yes"], Assert.Single(recorder.Calls).Classes);
        Assert.Equal(1, model.DecisionWidth);
    }

    [Fact]
    public void One_vs_one_fits_each_pair_on_its_two_classes_only()
    {
        var recorder = new RecordingClassifier();
        var (x, y) = Indexed(FourClasses);
        var model = (OneVsOneModel)new OneVsOneClassifier(recorder).Fit(x, y, ["a", "b", "c", "d"]);
        Assert.Equal(6, model.Estimators.Count);
        int p = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = i + 1; j < 4; j++, p++)
            {
                Assert.Equal(new[] { "abcd"[i].ToString(), "abcd"[j].ToString() }, model.Estimators[p].Classes);
                RecordingClassifier.Call call = recorder.Calls.Single(c => c.Classes.SequenceEqual(model.Estimators[p].Classes));
                int[] samples = [.. Enumerable.Range(0, y.Length).Where(s => y[s] == i || y[s] == j)];
                Assert.Equal(samples.Select(s => (float)s), call.Rows.Select(r => r[0]));
                Assert.Equal(samples.Select(s => y[s] == j ? 1 : 0), call.Y);
            }
        }
    }

    [Fact]
    public void A_class_without_samples_gets_constant_sub_models()
    {
        var (x, y) = Indexed([0, 1, 2, 0, 1, 2]);
        string[] classes = ["a", "b", "c", "absent"];
        var ovr = (OneVsRestModel)new OneVsRestClassifier(new CentroidClassifier()).Fit(x, y, classes);
        var constant = Assert.IsType<ConstantClassifierModel>(ovr.Estimators[3]);
        Assert.Equal(0, constant.Constant);
        Assert.All(ovr.PredictProba(x).Cast<double>().Where((_, i) => i % 4 == 3), p => Assert.Equal(0, p));
        var ovo = (OneVsOneModel)new OneVsOneClassifier(new CentroidClassifier()).Fit(x, y, classes);
        // Pairs (a, absent), (b, absent), (c, absent) are the 3rd, 5th and 6th.
        Assert.All(new[] { 2, 4, 5 }, p => Assert.IsType<ConstantClassifierModel>(ovo.Estimators[p]));
        Assert.DoesNotContain("absent", ovo.Predict(x));
    }

    [Fact]
    public void Random_code_books_are_seeded_sized_by_code_size_and_have_no_constant_column()
    {
        for (int k = 2; k <= 9; k++)
        {
            byte[] code = OutputCodeClassifier.RandomCode(k, 1.5, seed: 7);
            int bits = (int)Math.Floor(k * 1.5);
            Assert.Equal(k * bits, code.Length);
            Assert.Equal(code, OutputCodeClassifier.RandomCode(k, 1.5, seed: 7));
            for (int b = 0; b < bits; b++)
            {
                int ones = Enumerable.Range(0, k).Sum(c => code[c * bits + b]);
                Assert.InRange(ones, 1, k - 1);
            }
            var words = Enumerable.Range(0, k).Select(c => Convert.ToHexString(code, c * bits, bits)).ToHashSet();
            Assert.Equal(k, words.Count);
        }
        Assert.NotEqual(OutputCodeClassifier.RandomCode(8, 2, seed: 1), OutputCodeClassifier.RandomCode(8, 2, seed: 2));
        string message = Assert.Throws<ArgumentException>(() => OutputCodeClassifier.RandomCode(3, 0.2, seed: 0)).Message;
        Assert.Contains("CodeSize", message);
    }

    [Fact]
    public void The_exhaustive_code_has_every_split_of_the_classes_once()
    {
        for (int k = 2; k <= 6; k++)
        {
            byte[] code = OutputCodeClassifier.ExhaustiveCode(k);
            int bits = (1 << (k - 1)) - 1;
            Assert.Equal(k * bits, code.Length);
            var splits = new HashSet<int>();
            for (int b = 0; b < bits; b++)
            {
                int mask = 0;
                for (int c = 0; c < k; c++)
                {
                    mask |= code[c * bits + b] << c;
                }
                Assert.NotEqual(0, mask);
                Assert.NotEqual((1 << k) - 1, mask);
                // A split and its complement are the same split: normalise to class 0 on side 1.
                Assert.True(splits.Add((mask & 1) == 1 ? mask : ~mask & ((1 << k) - 1)));
            }
        }
        Assert.Equal([1, 1, 1, 0, 0, 1, 0, 1, 0], OutputCodeClassifier.ExhaustiveCode(3));
        Assert.Contains("Exhaustive", Assert.Throws<ArgumentException>(() => OutputCodeClassifier.ExhaustiveCode(13)).Message);
    }

    [Fact]
    public void Output_codes_fit_one_model_per_bit_of_the_code_book()
    {
        var recorder = new RecordingClassifier();
        var (x, y) = Indexed(FourClasses);
        var model = (OutputCodeModel)new OutputCodeClassifier(recorder, new() { CodeSize = 2, Seed = 5 }).Fit(x, y, ["a", "b", "c", "d"]);
        Assert.Equal(8, model.Estimators.Count);
        byte[] code = OutputCodeClassifier.RandomCode(4, 2, seed: 5);
        for (int b = 0; b < 8; b++)
        {
            Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(code[c * 8 + b], model.Code(c, b)));
        }
        var targets = recorder.Calls.Select(c => string.Concat(c.Y)).Order(StringComparer.Ordinal).ToArray();
        var expected = Enumerable.Range(0, 8).Select(b => string.Concat(y.Select(v => code[v * 8 + b]))).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, targets);
    }

    [Fact]
    public void Parallel_fits_give_the_same_model_as_sequential_ones()
    {
        LabeledData train = ConformanceData.Blobs(120, 4, 5, seed: 3), test = ConformanceData.Blobs(40, 4, 5, seed: 4);
        Func<int, Classifier>[] makers =
        [
            t => new OneVsRestClassifier(new SoftmaxRegressionClassifier(50), new() { MaxParallelism = t }),
            t => new OneVsOneClassifier(new SoftmaxRegressionClassifier(50), new() { MaxParallelism = t }),
            t => new OutputCodeClassifier(new SoftmaxRegressionClassifier(50), new() { MaxParallelism = t, Seed = 2 }),
        ];
        foreach (var make in makers)
        {
            ClassifierModel one = make(1).Fit(train), four = make(4).Fit(train);
            Assert.Equal(one.PredictProba(test.Features), four.PredictProba(test.Features));
            Assert.Equal(one.DecisionFunction(test.Features), four.DecisionFunction(test.Features));
        }
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var b = new CentroidClassifier();
        Assert.Contains("MaxParallelism", Assert.Throws<ArgumentException>(() => new OneVsRestClassifier(b, new() { MaxParallelism = 0 })).Message);
        Assert.Contains("MaxParallelism", Assert.Throws<ArgumentException>(() => new OneVsOneClassifier(b, new() { MaxParallelism = -1 })).Message);
        Assert.Contains("CodeSize", Assert.Throws<ArgumentException>(() => new OutputCodeClassifier(b, new() { CodeSize = 0 })).Message);
        Assert.Contains("CodeSize", Assert.Throws<ArgumentException>(() => new OutputCodeClassifier(b, new() { CodeSize = double.NaN })).Message);
        Assert.Contains("Code", Assert.Throws<ArgumentException>(() => new OutputCodeClassifier(b, new() { Code = (OutputCode)7 })).Message);
        Assert.Throws<ArgumentNullException>(() => new OneVsRestClassifier(null!));
    }

    [Fact]
    public void Output_code_probabilities_are_the_softmax_of_negative_distances()
    {
        LabeledData train = ConformanceData.Blobs(90, 5, 4, seed: 1), test = ConformanceData.Blobs(20, 5, 4, seed: 2);
        var model = (OutputCodeModel)new OutputCodeClassifier(new SoftmaxRegressionClassifier(50)).Fit(train);
        double[,] d = model.DecisionFunction(test.Features), p = model.PredictProba(test.Features);
        for (int i = 0; i < test.Count; i++)
        {
            double sum = Enumerable.Range(0, 4).Sum(c => Math.Exp(d[i, c]));
            Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(Math.Exp(d[i, c]) / sum, p[i, c], 1e-12));
        }
    }
}
