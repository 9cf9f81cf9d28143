using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

/// <summary>
/// LinearSvc against scikit-learn's LinearSVC (liblinear). Both run dual coordinate descent to a tight tolerance
/// (1e-10), from different random visiting orders, so both land on the unique minimiser of the primal objective
/// <c>½(‖w‖² + b²) + C·Σ loss</c> (the intercept is a penalised constant feature): coef_ and intercept_ are compared
/// within 1e-3 (in practice much closer), and the primal objective within a relative 1e-7.
/// </summary>
public sealed class LinearSvcTests
{
    public static TheoryData<string> Cases => LinearFixtures.Names("svc");

    private static LinearSvcOptions OptionsFor(LinearFixtures.Case c) => new()
    {
        C = c.C,
        Loss = c.Option == "hinge" ? LinearSvcLoss.Hinge : LinearSvcLoss.SquaredHinge,
        Tolerance = 1e-10,
        MaxIterations = 1_000_000,
    };

    /// <summary>The primal objective summed over the one-vs-rest problems, as the fixture script computes it.</summary>
    private static double PrimalObjective(LinearSvcModel model, LabeledData data, LinearSvcOptions options)
    {
        double[,] scores = model.DecisionFunction(data.Features);
        int[] y = model.EncodeLabels(data);
        double total = 0;
        for (int k = 0; k < model.CoefficientRows; k++)
        {
            int target = model.CoefficientRows == 1 ? 1 : k;
            double b = model.Intercepts[k];
            double squares = b * b;
            foreach (double w in model.CoefficientRow(k))
            {
                squares += w * w;
            }
            double loss = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double margin = Math.Max(0, 1 - (y[i] == target ? 1 : -1) * scores[i, k]);
                loss += options.Loss == LinearSvcLoss.Hinge ? margin : margin * margin;
            }
            total += 0.5 * squares + options.C * loss;
        }
        return total;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficients_and_objective_equal_scikit_learns(string name)
    {
        LinearFixtures.Case c = LinearFixtures.Svc(name);
        LinearSvcOptions options = OptionsFor(c);
        LabeledData data = c.Set.Labeled();
        var model = Assert.IsType<LinearSvcModel>(new LinearSvc(options).Fit(data));
        double[,] coef = model.Coefficients;
        Assert.Equal(c.Coef.Length, coef.GetLength(0));
        for (int k = 0; k < c.Coef.Length; k++)
        {
            for (int j = 0; j < c.Coef[k].Length; j++)
            {
                Assert.True(Math.Abs(coef[k, j] - c.Coef[k][j]) <= 1e-3, $"{name}: coef[{k},{j}] = {coef[k, j]}, scikit-learn {c.Coef[k][j]}");
            }
            Assert.True(Math.Abs(model.Intercepts[k] - c.Intercept[k]) <= 1e-3, $"{name}: intercept[{k}] = {model.Intercepts[k]}, scikit-learn {c.Intercept[k]}");
        }
        double objective = PrimalObjective(model, data, options);
        Assert.True(Math.Abs(objective - c.Objective) <= 1e-7 * c.Objective, $"{name}: objective {objective:R}, scikit-learn {c.Objective:R}");
    }

    [Theory]
    [InlineData("binary_squared_hinge_c1")]
    [InlineData("three_hinge_c0.5")]
    public void Default_tolerance_lands_near_the_minimum(string name)
    {
        LinearFixtures.Case c = LinearFixtures.Svc(name);
        LinearSvcOptions options = OptionsFor(c) with { Tolerance = new LinearSvcOptions().Tolerance, MaxIterations = 1000 };
        var model = (LinearSvcModel)new LinearSvc(options).Fit(c.Set.Labeled());
        double objective = PrimalObjective(model, c.Set.Labeled(), options);
        Assert.InRange(objective, c.Objective * (1 - 1e-9), c.Objective * (1 + 1e-4));
        Assert.InRange(model.Iterations, 1, 999);
    }

    [Fact]
    public void Defaults_are_scikit_learns()
    {
        var o = new LinearSvcOptions();
        Assert.Equal(1.0, o.C);
        Assert.Equal(LinearSvcLoss.SquaredHinge, o.Loss);
        Assert.True(o.FitIntercept);
        Assert.Equal(1.0, o.InterceptScaling);
        Assert.Equal(1e-4, o.Tolerance);
        Assert.Equal(1000, o.MaxIterations);
    }

    [Fact]
    public void Sparse_input_gives_the_same_model_as_dense()
    {
        LinearFixtures.DataSet set = LinearFixtures.Dataset("three");
        var options = new LinearSvcOptions { Tolerance = 1e-10, MaxIterations = 100_000 };
        var dense = (LinearSvcModel)new LinearSvc(options).Fit(set.Labeled());
        var sparse = (LinearSvcModel)new LinearSvc(options).Fit(set.Labeled(sparse: true));
        double[,] a = dense.Coefficients, b = sparse.Coefficients;
        for (int k = 0; k < a.GetLength(0); k++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                Assert.Equal(a[k, j], b[k, j], 1e-7);
            }
        }
    }

    [Fact]
    public void Probabilities_are_the_sigmoid_or_softmax_of_the_decision_values()
    {
        foreach (string set in new[] { "binary", "three" })
        {
            LinearFixtures.DataSet data = LinearFixtures.Dataset(set);
            var model = (LinearSvcModel)new LinearSvc().Fit(data.Labeled());
            double[,] d = model.DecisionFunction(data.Test32()), p = model.PredictProba(data.Test32());
            for (int i = 0; i < d.GetLength(0); i++)
            {
                if (d.GetLength(1) == 1)
                {
                    Assert.Equal(1 / (1 + Math.Exp(-d[i, 0])), p[i, 1], 1e-12);
                    Assert.Equal(1 - p[i, 1], p[i, 0], 1e-12);
                    continue;
                }
                double sum = 0;
                for (int k = 0; k < d.GetLength(1); k++)
                {
                    sum += Math.Exp(d[i, k]);
                }
                for (int k = 0; k < d.GetLength(1); k++)
                {
                    Assert.Equal(Math.Exp(d[i, k]) / sum, p[i, k], 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        Assert.Contains("C must", Assert.Throws<ArgumentException>(() => new LinearSvc(new LinearSvcOptions { C = -1 })).Message);
        Assert.Contains("InterceptScaling", Assert.Throws<ArgumentException>(() => new LinearSvc(new LinearSvcOptions { InterceptScaling = 0 })).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentException>(() => new LinearSvc(new LinearSvcOptions { Tolerance = 0 })).Message);
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentException>(() => new LinearSvc(new LinearSvcOptions { MaxIterations = 0 })).Message);
    }

    [Theory]
    [InlineData(LinearSvcLoss.SquaredHinge, 2)]
    [InlineData(LinearSvcLoss.Hinge, 2)]
    [InlineData(LinearSvcLoss.SquaredHinge, 3)]
    public void Wide_sparse_data_with_single_sample_columns_gives_the_dense_solution(LinearSvcLoss loss, int classCount)
    {
        // Wide enough for the solver to drop the columns only one sample uses and carry them as a per-sample norm;
        // the dense copy of the same data goes through the plain solver, and both must reach the same minimiser.
        const int rows = 120, columns = 40_000;
        var rng = new Random(5);
        var builder = new SparseMatrix.Builder(columns);
        var dense = new float[rows * columns];
        var labels = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            int label = rng.Next(classCount);
            labels[i] = $"c{label}";
            var used = new HashSet<int>();
            for (int k = 0; k < 12; k++)
            {
                // Shared columns 0..59 lean towards the label; columns above are mostly unique to this row.
                int column = k < 6 ? rng.Next(60) : 100 + i * 300 + rng.Next(300);
                if (!used.Add(column))
                {
                    continue;
                }
                float value = (float)(rng.NextDouble() + (column % classCount == label && column < 60 ? 1 : 0));
                builder.Add(column, value);
                dense[i * columns + column] = value;
            }
            builder.EndRow();
        }
        var options = new LinearSvcOptions { Loss = loss, Tolerance = 1e-10, MaxIterations = 1_000_000 };
        var sparseModel = (LinearSvcModel)new LinearSvc(options).Fit(new LabeledData(builder.Build(), labels));
        var denseModel = (LinearSvcModel)new LinearSvc(options).Fit(new LabeledData(FeatureMatrix.Dense(dense, rows, columns), labels));
        Assert.Equal(denseModel.CoefficientRows, sparseModel.CoefficientRows);
        for (int k = 0; k < denseModel.CoefficientRows; k++)
        {
            ReadOnlySpan<double> a = denseModel.CoefficientRow(k), b = sparseModel.CoefficientRow(k);
            for (int c = 0; c < columns; c++)
            {
                Assert.True(Math.Abs(a[c] - b[c]) < 1e-6, $"row {k} column {c}: {a[c]} vs {b[c]}");
            }
            Assert.Equal(denseModel.Intercepts[k], sparseModel.Intercepts[k], 1e-6);
        }
    }
}
