using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Kernels;

namespace Taxon.Classification.Tests.Models;

public sealed class LogisticRegressionTests
{
    private static LogisticRegressionOptions OptionsFor(LinearFixtures.Case c) => new()
    {
        C = c.C,
        Penalty = c.Option switch { "l2" => Penalty.L2, "l1" => Penalty.L1, _ => Penalty.None },
        FitIntercept = c.FitIntercept,
        Tolerance = 1e-10,
        MaxIterations = 10_000,
    };

    /// <summary><c>C·Σ log-loss + R(w)</c> of a fitted model on the training data, as the fixture script computes it.</summary>
    private static double Objective(LogisticRegressionModel model, LinearFixtures.DataSet set, LogisticRegressionOptions options) =>
        Objective(model, set.Labeled(), options);

    private static double Objective(LogisticRegressionModel model, LabeledData data, LogisticRegressionOptions options)
    {
        double[,] p = model.PredictProba(data.Features);
        int[] y = model.EncodeLabels(data);
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            loss -= Math.Log(p[i, y[i]]);
        }
        double penalty = 0;
        foreach (double w in model.Coefficients)
        {
            penalty += options.Penalty switch { Penalty.L2 => 0.5 * w * w, Penalty.L1 => Math.Abs(w), _ => 0 };
        }
        return options.C * loss + penalty;
    }

    private static double[] Centred(IReadOnlyList<double> intercepts)
    {
        double mean = intercepts.Count > 1 ? intercepts.Average() : 0;
        return [.. intercepts.Select(b => b - mean)];
    }

    public static TheoryData<string> Cases => LinearFixtures.Names("logistic");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficients_probabilities_and_objective_equal_scikit_learns(string name)
    {
        LinearFixtures.Case c = LinearFixtures.Logistic(name);
        LogisticRegressionOptions options = OptionsFor(c);
        var model = Assert.IsType<LogisticRegressionModel>(new LogisticRegression(options).Fit(c.Set.Labeled()));

        double[,] coef = model.Coefficients;
        Assert.Equal(c.Coef.Length, coef.GetLength(0));
        for (int k = 0; k < c.Coef.Length; k++)
        {
            for (int j = 0; j < c.Coef[k].Length; j++)
            {
                Assert.True(Math.Abs(coef[k, j] - c.Coef[k][j]) <= 1e-4, $"{name}: coef[{k},{j}] = {coef[k, j]}, scikit-learn {c.Coef[k][j]}");
            }
        }
        // The multinomial intercept is only defined up to a shared shift (softmax ignores it), so compare centred.
        double[] ours = Centred(model.Intercepts), theirs = Centred(c.Intercept);
        for (int k = 0; k < ours.Length; k++)
        {
            Assert.True(Math.Abs(ours[k] - theirs[k]) <= 1e-4, $"{name}: intercept[{k}] = {ours[k]}, scikit-learn {theirs[k]}");
        }
        double[,] proba = model.PredictProba(c.Set.Test32());
        for (int i = 0; i < c.Proba!.Length; i++)
        {
            for (int j = 0; j < c.Proba[i].Length; j++)
            {
                Assert.True(Math.Abs(proba[i, j] - c.Proba[i][j]) <= 1e-5, $"{name}: proba[{i},{j}] = {proba[i, j]}, scikit-learn {c.Proba[i][j]}");
            }
        }
        double objective = Objective(model, c.Set, options);
        Assert.True(objective <= c.Objective * (1 + 1e-9), $"{name}: objective {objective:R} above scikit-learn's {c.Objective:R}");
        Assert.True(objective >= c.Objective * (1 - 1e-9), $"{name}: objective {objective:R} below scikit-learn's {c.Objective:R}");
    }

    [Fact]
    public void L1_gives_exact_zeros_where_scikit_learn_does()
    {
        LinearFixtures.Case c = LinearFixtures.Logistic("binary_l1_c0.05");
        var model = (LogisticRegressionModel)new LogisticRegression(OptionsFor(c)).Fit(c.Set.Labeled());
        double[,] coef = model.Coefficients;
        Assert.Contains(0.0, c.Coef[0]);
        for (int j = 0; j < c.Coef[0].Length; j++)
        {
            Assert.Equal(c.Coef[0][j] == 0, coef[0, j] == 0);
        }
    }

    [Fact]
    public void Default_options_are_scikit_learns_and_land_near_the_minimiser()
    {
        var defaults = new LogisticRegressionOptions();
        Assert.Equal(1.0, defaults.C);
        Assert.Equal(Penalty.L2, defaults.Penalty);
        Assert.True(defaults.FitIntercept);
        Assert.Equal(1e-4, defaults.Tolerance);
        Assert.Equal(100, defaults.MaxIterations);
        Assert.Equal(LogisticRegressionSolver.Lbfgs, defaults.Solver);

        LinearFixtures.Case c = LinearFixtures.Logistic("three_l2_c1");
        var model = (LogisticRegressionModel)new LogisticRegression().Fit(c.Set.Labeled());
        double[,] coef = model.Coefficients;
        for (int k = 0; k < c.Coef.Length; k++)
        {
            for (int j = 0; j < c.Coef[k].Length; j++)
            {
                Assert.Equal(c.Coef[k][j], coef[k, j], 1e-3);
            }
        }
        Assert.InRange(model.Iterations, 1, 99);
    }

    [Theory]
    [InlineData("binary_l2_c1")]
    [InlineData("three_l2_c1")]
    [InlineData("binary_l1_c1")]
    public void Sgd_with_one_sample_per_step_reaches_the_minimum_on_small_data(string name)
    {
        LinearFixtures.Case c = LinearFixtures.Logistic(name);
        LogisticRegressionOptions sgd = OptionsFor(c) with
        {
            Solver = LogisticRegressionSolver.Sgd, BatchSize = 1, MaxIterations = 300, Tolerance = 0, Seed = 3,
        };
        var model = (LogisticRegressionModel)new LogisticRegression(sgd).Fit(c.Set.Labeled());
        double objective = Objective(model, c.Set, sgd);
        Assert.True(objective >= c.Objective * (1 - 1e-9), $"{name}: SGD objective {objective:R} below the minimum {c.Objective:R}");
        Assert.True(objective <= c.Objective * (1 + 2e-4), $"{name}: SGD objective {objective:R}, minimum {c.Objective:R} (gap {objective / c.Objective - 1:E2})");
        Assert.Equal(300, model.Iterations);
    }

    [Theory]
    [InlineData(2, Penalty.L2, false)]
    [InlineData(2, Penalty.L2, true)]
    [InlineData(3, Penalty.L2, false)]
    [InlineData(2, Penalty.L1, true)]
    public void Sgd_with_default_batches_reaches_the_lbfgs_objective(int classes, Penalty penalty, bool sparse)
    {
        LabeledData data = NoisyLinear(3000, 20, classes, seed: 21, sparse);
        var lbfgs = new LogisticRegressionOptions { Penalty = penalty, Tolerance = 1e-10, MaxIterations = 1000 };
        LogisticRegressionOptions sgd = lbfgs with { Solver = LogisticRegressionSolver.Sgd, Tolerance = 1e-4, MaxIterations = 100 };
        var exact = (LogisticRegressionModel)new LogisticRegression(lbfgs).Fit(data);
        var model = (LogisticRegressionModel)new LogisticRegression(sgd).Fit(data);
        double minimum = Objective(exact, data, lbfgs), objective = Objective(model, data, sgd);
        Assert.True(objective >= minimum * (1 - 1e-9), $"SGD objective {objective:R} below the minimum {minimum:R}");
        Assert.True(objective <= minimum * (1 + 1e-3), $"SGD objective {objective:R}, L-BFGS {minimum:R} (gap {objective / minimum - 1:E2}, {model.Iterations} epochs)");
    }

    /// <summary>Labels drawn from a softmax of random linear scores; some features are zero half the time when sparse.</summary>
    private static LabeledData NoisyLinear(int n, int d, int classes, ulong seed, bool sparse)
    {
        var rng = new Generator(seed);
        var weights = new double[classes * d];
        for (int j = 0; j < weights.Length; j++)
        {
            weights[j] = rng.NextNormal() * (j % 3 == 0 ? 0 : 0.7);
        }
        var values = new float[n * d];
        var labels = new string[n];
        var p = new double[classes];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                values[i * d + j] = sparse && j % 2 == 1 && rng.NextDouble() < 0.5 ? 0 : rng.NextNormal();
            }
            for (int k = 0; k < classes; k++)
            {
                p[k] = RowKernels.DenseDot(values.AsSpan(i * d, d), weights.AsSpan(k * d, d));
            }
            LinearClassifierModel.Softmax(p);
            double u = rng.NextDouble();
            int label = 0;
            for (double cumulative = p[0]; label < classes - 1 && u > cumulative; cumulative += p[++label])
            {
            }
            labels[i] = "k" + label;
        }
        FeatureMatrix x = new DenseMatrix(values, n, d);
        return new LabeledData(sparse ? x.ToSparse() : x, labels);
    }

    [Fact]
    public void Sgd_is_reproducible_and_depends_on_the_seed()
    {
        LabeledData data = LinearFixtures.Dataset("three").Labeled();
        var options = new LogisticRegressionOptions { Solver = LogisticRegressionSolver.Sgd, MaxIterations = 5 };
        var a = (LogisticRegressionModel)new LogisticRegression(options).Fit(data);
        var b = (LogisticRegressionModel)new LogisticRegression(options).Fit(data);
        var other = (LogisticRegressionModel)new LogisticRegression(options with { Seed = 9 }).Fit(data);
        Assert.Equal(a.Coefficients, b.Coefficients);
        Assert.NotEqual(a.Coefficients, other.Coefficients);
    }

    [Theory]
    [InlineData(2, true, false)]
    [InlineData(2, false, true)]
    [InlineData(3, true, true)]
    [InlineData(4, true, false)]
    public void Loss_gradient_matches_finite_differences(int classes, bool fitIntercept, bool sparse)
    {
        var rng = new Generator(5);
        int n = 40, d = 6;
        var values = new float[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % classes;
            for (int j = 0; j < d; j++)
            {
                values[i * d + j] = sparse && rng.NextDouble() < 0.4 ? 0 : rng.NextNormal();
            }
        }
        FeatureMatrix x = new DenseMatrix(values, n, d);
        if (sparse)
        {
            x = x.ToSparse();
        }
        foreach (Penalty penalty in new[] { Penalty.L2, Penalty.None })
        {
            var loss = new LogisticLoss(x, y, classes, fitIntercept);
            var estimator = new LogisticRegression(new LogisticRegressionOptions { C = 0.7, Penalty = penalty, FitIntercept = fitIntercept });
            QuasiNewton.Objective f = estimator.SmoothObjective(loss);
            var w = new double[loss.ParameterCount];
            for (int j = 0; j < w.Length; j++)
            {
                w[j] = rng.NextNormal() * 0.5;
            }
            var gradient = new double[w.Length];
            f(w, gradient);
            var scratch = new double[w.Length];
            const double h = 1e-6;
            for (int j = 0; j < w.Length; j++)
            {
                double saved = w[j];
                w[j] = saved + h;
                double up = f(w, scratch);
                w[j] = saved - h;
                double down = f(w, scratch);
                w[j] = saved;
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[j]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                    $"classes {classes}, {penalty}: d/dw[{j}] analytic {gradient[j]}, numeric {numeric}");
            }
        }
    }

    [Fact]
    public void Sparse_input_gives_the_same_model_as_dense()
    {
        LinearFixtures.DataSet set = LinearFixtures.Dataset("three");
        var options = new LogisticRegressionOptions { Tolerance = 1e-10, MaxIterations = 1000 };
        var dense = (LogisticRegressionModel)new LogisticRegression(options).Fit(set.Labeled());
        var sparse = (LogisticRegressionModel)new LogisticRegression(options).Fit(set.Labeled(sparse: true));
        double[,] a = dense.Coefficients, b = sparse.Coefficients;
        for (int k = 0; k < a.GetLength(0); k++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                Assert.Equal(a[k, j], b[k, j], 1e-9);
            }
        }
    }

    [Fact]
    public void Large_problems_split_the_gradient_but_the_model_does_not_depend_on_the_thread_count()
    {
        var rng = new Generator(11);
        int n = 6000, d = 100;
        var values = new float[n * d];
        var labels = new string[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                values[i * d + j] = rng.NextNormal();
                s += values[i * d + j] * (j % 7 - 3) * 0.05;
            }
            labels[i] = s + rng.NextNormal() > 0 ? "yes" : "no";
        }
        var data = new LabeledData(new DenseMatrix(values, n, d), labels);
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = (LogisticRegressionModel)new LogisticRegression().Fit(data);
            Parallelism.MaxThreads = 4;
            var four = (LogisticRegressionModel)new LogisticRegression().Fit(data);
            Assert.Equal(one.Coefficients, four.Coefficients);
            Assert.Equal(one.Intercepts, four.Intercepts);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        Assert.Contains("C must", Assert.Throws<ArgumentException>(() => new LogisticRegression(new LogisticRegressionOptions { C = 0 })).Message);
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentException>(() => new LogisticRegression(new LogisticRegressionOptions { MaxIterations = 0 })).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new LogisticRegression(new LogisticRegressionOptions { BatchSize = 0 })).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => new LogisticRegression(new LogisticRegressionOptions { LearningRate = -1 })).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentException>(() => new LogisticRegression(new LogisticRegressionOptions { Tolerance = double.NaN })).Message);
    }
}
