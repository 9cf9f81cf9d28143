using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class FeatureMatrixTests
{
    private static readonly float[] Values = [1, 0, 2, 0, 0, 0, 3, 4, 0, 0, 5, 0];

    private static DenseMatrix Dense() => new(Values, 3, 4);

    [Fact]
    public void Dense_and_sparse_forms_round_trip_and_agree_row_by_row()
    {
        SparseMatrix sparse = Dense().ToSparse();
        Assert.Equal([0, 2, 4, 5], sparse.RowPointers.ToArray());
        Assert.Equal([0, 2, 2, 3, 2], sparse.ColumnIndices.ToArray());
        Assert.Equal(Values, sparse.ToDense().Values.ToArray());
        double[] w = [0.5, -1, 2, 3];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Dense().Row(i).Dot(w), sparse.Row(i).Dot(w));
            Assert.Equal(Dense().Row(i).SquaredNorm(), sparse.Row(i).SquaredNorm());
            var a = new double[4];
            var b = new double[4];
            Dense().Row(i).AddScaledTo(a, 2);
            sparse.Row(i).AddScaledTo(b, 2);
            Assert.Equal(a, b);
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(Dense()[i, j], sparse[i, j]);
            }
        }
    }

    [Fact]
    public void Select_rows_and_concatenate_columns()
    {
        foreach (FeatureMatrix m in new FeatureMatrix[] { Dense(), Dense().ToSparse() })
        {
            FeatureMatrix picked = m.SelectRows([2, 0, 2]);
            Assert.Equal(m.IsSparse, picked.IsSparse);
            Assert.Equal(new float[] { 0, 0, 5, 0, 1, 0, 2, 0, 0, 0, 5, 0 }, picked.ToDense().Values.ToArray());
            FeatureMatrix joined = FeatureMatrix.ConcatColumns(m, FeatureMatrix.Dense(new float[,] { { 7 }, { 8 }, { 0 } }));
            Assert.Equal(5, joined.Columns);
            Assert.Equal(m.IsSparse, joined.IsSparse);
            Assert.Equal(new float[] { 1, 0, 2, 0, 7, 0, 0, 3, 4, 8, 0, 0, 5, 0, 0 }, joined.ToDense().Values.ToArray());
        }
        Assert.Throws<ArgumentException>(() => FeatureMatrix.ConcatColumns(Dense(), new DenseMatrix(new float[2], 2, 1)));
    }

    [Fact]
    public void The_builder_sorts_columns_sums_repeats_and_infers_the_width()
    {
        var builder = new SparseMatrix.Builder();
        builder.Add(5, 1);
        builder.Add(2, 1);
        builder.Add(5, 2);
        builder.EndRow();
        builder.EndRow();
        builder.Add(0, -1);
        builder.EndRow();
        SparseMatrix m = builder.Build();
        Assert.Equal(3, m.Rows);
        Assert.Equal(6, m.Columns);
        Assert.Equal([2, 5, 0], m.ColumnIndices.ToArray());
        Assert.Equal([1f, 3f, -1f], m.Values.ToArray());
        Assert.Equal(0, m.Row(1).StoredCount);
        var fixedWidth = new SparseMatrix.Builder(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => fixedWidth.Add(3, 1));
    }

    [Fact]
    public void Malformed_csr_arrays_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SparseMatrix([0, 2], [1, 1], [1, 1], 3));
        Assert.Throws<ArgumentException>(() => new SparseMatrix([0, 1], [3], [1], 3));
        Assert.Throws<ArgumentException>(() => new SparseMatrix([0, 2, 1], [0, 1], [1, 1], 3));
        Assert.Throws<ArgumentException>(() => new SparseMatrix([1, 1], [0], [1], 3));
        Assert.Throws<ArgumentException>(() => new DenseMatrix(new float[5], 2, 3));
    }

    [Fact]
    public void Check_finite_names_the_source_line_and_feature()
    {
        float[] v = (float[])Values.Clone();
        v[6] = float.NaN;
        var m = new DenseMatrix(v, 3, 4);
        string message = Assert.Throws<ArgumentException>(() => m.CheckFinite("x.csv", [10, 11, 12])).Message;
        Assert.Contains("x.csv: line 11, feature 2", message);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => m.ToSparse().CheckFinite()).Message);
    }

    [Fact]
    public void Labeled_data_checks_its_labels_and_keeps_lines_through_subsets()
    {
        Assert.Throws<ArgumentException>(() => new LabeledData(Dense(), ["a", "b"]));
        Assert.Throws<ArgumentException>(() => new LabeledData(Dense(), ["a", null!, "b"]));
        Assert.Throws<ArgumentException>(() => new LabeledData(Dense(), [["a"], [], ["z"]], ["a", "b"]));
        var data = new LabeledData(Dense(), ["x", "y", "x"]) { Source = "d.csv", LineNumbers = [2, 3, 4] };
        LabeledData subset = data.Subset([2, 1]);
        Assert.Equal(["x", "y"], subset.Labels);
        Assert.Equal("d.csv line 4", subset.Describe(0));
        Assert.Contains("multi-label", Assert.Throws<InvalidOperationException>(() => new LabeledData(Dense(), [["a"], [], ["b", "a"]]).Labels).Message);
        var multi = new LabeledData(Dense(), [["b"], [], ["b", "a"]]);
        Assert.Equal(["a", "b"], multi.LabelNames);
        LabeledData text = LabeledData.FromTexts(["hi", "there"], ["a", "b"]);
        Assert.False(text.HasFeatures);
        Assert.Contains("featurise", Assert.Throws<InvalidOperationException>(() => text.Features).Message);
    }
}
