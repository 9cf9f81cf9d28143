using System.Buffers;
using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="KNearestNeighbors"/> (scikit-learn: a fitted <c>KNeighborsClassifier</c>): the training
/// samples and their classes. Probabilities are the (weighted) vote fractions of the k nearest training samples;
/// neighbours at equal distance are taken in training order. Decision values are the same vote fractions, and for
/// two classes the single value <c>P(Classes[1]) − P(Classes[0])</c> in [−1, 1]. The batch methods search for
/// the neighbours of different samples in parallel; results do not depend on the number of threads.
/// </summary>
public sealed class KNearestNeighborsModel : ClassifierModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "knn";

    private readonly FeatureMatrix _train;
    private readonly int[] _y;

    // Per training row: the squared norm (Euclidean, for sparse rows), the norm (cosine) or the L1 norm (Manhattan,
    // for sparse rows), so a sparse row's distance costs one pass over its stored values.
    private readonly double[] _norms;

    internal KNearestNeighborsModel(KNearestNeighborsOptions options, IReadOnlyList<string> classes, FeatureMatrix train, int[] y)
        : base(classes, train.Columns)
    {
        if (y.Length != train.Rows)
        {
            throw new ArgumentException($"KNearestNeighborsModel: {train.Rows} training samples but {y.Length} classes.");
        }
        if (options.Neighbors > train.Rows)
        {
            throw new ArgumentException($"KNearestNeighborsModel: {options.Neighbors} neighbours of {train.Rows} training samples.");
        }
        foreach (int c in y)
        {
            if ((uint)c >= (uint)classes.Count)
            {
                throw new ArgumentException($"KNearestNeighborsModel: class index {c} is outside the {classes.Count} classes.");
            }
        }
        Options = options;
        _train = train;
        _y = y;
        _norms = new double[train.Rows];
        for (int i = 0; i < train.Rows; i++)
        {
            FeatureRow r = train.Row(i);
            _norms[i] = options.Metric switch
            {
                DistanceMetric.Cosine => Math.Sqrt(r.SquaredNorm()),
                DistanceMetric.Manhattan => L1Norm(r.Values),
                _ => r.SquaredNorm(),
            };
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options the model was fitted with.</summary>
    public KNearestNeighborsOptions Options { get; }

    /// <summary>The stored training samples (scikit-learn: <c>_fit_X</c>).</summary>
    public FeatureMatrix TrainingFeatures => _train;

    /// <summary>The class index of each training sample (scikit-learn: <c>_y</c>).</summary>
    public ReadOnlySpan<int> TrainingClasses => _y;

    /// <summary>
    /// The <see cref="KNearestNeighborsOptions.Neighbors"/> nearest training samples of <paramref name="row"/>,
    /// nearest first, ties in training order (scikit-learn: <c>kneighbors</c>): their distances and row indices.
    /// </summary>
    public void KNeighbors(FeatureRow row, Span<double> distances, Span<int> indices)
    {
        CheckInput(row);
        double[] query = ArrayPool<double>.Shared.Rent(FeatureCount);
        try
        {
            Search(row, query, distances[..Options.Neighbors], indices[..Options.Neighbors]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(query);
        }
    }

    /// <summary>The nearest training samples of every row of <paramref name="x"/>, [rows, Neighbors] each (scikit-learn: <c>kneighbors(X)</c>).</summary>
    public (double[,] Distances, int[,] Indices) KNeighbors(FeatureMatrix x)
    {
        CheckInput(x);
        int k = Options.Neighbors;
        var distances = new double[x.Rows, k];
        var indices = new int[x.Rows, k];
        ForEachRow(x, (i, scratch) =>
        {
            for (int j = 0; j < k; j++)
            {
                distances[i, j] = scratch.Distances[j];
                indices[i, j] = scratch.Indices[j];
            }
        });
        return (distances, indices);
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        int k = Options.Neighbors;
        double[] query = ArrayPool<double>.Shared.Rent(FeatureCount + k);
        int[] indices = ArrayPool<int>.Shared.Rent(k);
        try
        {
            Span<double> distances = query.AsSpan(FeatureCount, k);
            Search(row, query, distances, indices.AsSpan(0, k));
            Vote(distances, indices.AsSpan(0, k), probabilities[..Classes.Count]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<double>.Shared.Return(query);
        }
    }

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        if (Classes.Count != 2)
        {
            PredictProba(row, scores);
            return;
        }
        Span<double> p = stackalloc double[2];
        PredictProba(row, p);
        scores[0] = p[1] - p[0];
    }

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row)
    {
        int classes = Classes.Count;
        Span<double> p = classes <= 128 ? stackalloc double[classes] : new double[classes];
        PredictProba(row, p);
        return ArgMax(p);
    }

    /// <inheritdoc />
    public override int[] PredictIndices(FeatureMatrix x)
    {
        CheckInput(x);
        var result = new int[x.Rows];
        ForEachRow(x, (i, scratch) => result[i] = ArgMax(scratch.Probabilities));
        return result;
    }

    /// <inheritdoc />
    public override double[,] PredictProba(FeatureMatrix x)
    {
        CheckInput(x);
        var result = new double[x.Rows, Classes.Count];
        ForEachRow(x, (i, scratch) =>
        {
            for (int c = 0; c < scratch.Probabilities.Length; c++)
            {
                result[i, c] = scratch.Probabilities[c];
            }
        });
        return result;
    }

    /// <inheritdoc />
    public override double[,] DecisionFunction(FeatureMatrix x)
    {
        CheckInput(x);
        bool binary = Classes.Count == 2;
        var result = new double[x.Rows, DecisionWidth];
        ForEachRow(x, (i, scratch) =>
        {
            double[] p = scratch.Probabilities;
            if (binary)
            {
                result[i, 0] = p[1] - p[0];
                return;
            }
            for (int c = 0; c < p.Length; c++)
            {
                result[i, c] = p[c];
            }
        });
        return result;
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("options", Options);
        writer.WriteJson("feature_count", FeatureCount);
        writer.Write("classes_of_samples", _y);
        if (_train is SparseMatrix sparse)
        {
            writer.WriteJson("sparse", true);
            writer.Write("x.row_pointers", sparse.RowPointers);
            writer.Write("x.column_indices", sparse.ColumnIndices);
            writer.Write("x.values", sparse.Values);
            return;
        }
        writer.WriteJson("sparse", false);
        writer.Write("x.values", _train.ToDense().Values, [_train.Rows, FeatureCount]);
    }

    internal static KNearestNeighborsModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        var options = reader.ReadJson<KNearestNeighborsOptions>("options");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw reader.Corrupt("options", e.Message);
        }
        int d = reader.ReadJson<int>("feature_count");
        if (d < 0)
        {
            throw reader.Corrupt("feature_count", $"{d} is negative");
        }
        int[] y = reader.ReadInts("classes_of_samples");
        FeatureMatrix x = reader.ReadJson<bool>("sparse")
            ? new SparseMatrix(reader.ReadInts("x.row_pointers", y.Length + 1), reader.ReadInts("x.column_indices"), reader.ReadFloats("x.values"), d)
            : new DenseMatrix(reader.ReadFloats("x.values", checked(y.Length * d)), y.Length, d);
        return new KNearestNeighborsModel(options, classes, x, y);
    }

    /// <summary>What one thread reuses from row to row: the dense query, the neighbours and the votes.</summary>
    private sealed class Scratch(int features, int neighbors, int classes)
    {
        public readonly double[] Query = new double[features];
        public readonly double[] Distances = new double[neighbors];
        public readonly int[] Indices = new int[neighbors];
        public readonly double[] Probabilities = new double[classes];
    }

    /// <summary>Finds the neighbours and votes for every row of <paramref name="x"/>, rows in parallel, handing each to <paramref name="store"/>.</summary>
    private void ForEachRow(FeatureMatrix x, Action<int, Scratch> store)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
        Parallel.For(0, x.Rows, parallel, () => new Scratch(FeatureCount, Options.Neighbors, Classes.Count), (i, _, scratch) =>
        {
            Search(x.Row(i), scratch.Query, scratch.Distances, scratch.Indices);
            Vote(scratch.Distances, scratch.Indices, scratch.Probabilities);
            store(i, scratch);
            return scratch;
        }, _ => { });
    }

    /// <summary>
    /// The nearest training rows of <paramref name="row"/> by a scan of all of them, kept sorted by distance; a row
    /// replaces a kept one only when strictly nearer, so equal distances keep training order.
    /// </summary>
    private void Search(FeatureRow row, double[] query, Span<double> distances, Span<int> indices)
    {
        int d = FeatureCount, k = distances.Length;
        Span<double> q = query.AsSpan(0, d);
        q.Clear();
        ReadOnlySpan<float> values = row.Values;
        for (int s = 0; s < values.Length; s++)
        {
            q[row.ColumnAt(s)] = values[s];
        }
        double queryNorm = Options.Metric switch
        {
            DistanceMetric.Cosine => Math.Sqrt(row.SquaredNorm()),
            DistanceMetric.Manhattan => L1Norm(row.Values),
            _ => row.SquaredNorm(),
        };
        int kept = 0;
        for (int i = 0; i < _train.Rows; i++)
        {
            double distance = Distance(_train.Row(i), _norms[i], q, queryNorm);
            if (kept == k && !(distance < distances[k - 1]))
            {
                continue;
            }
            int at = kept == k ? k - 1 : kept++;
            while (at > 0 && distances[at - 1] > distance)
            {
                distances[at] = distances[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }
            distances[at] = distance;
            indices[at] = i;
        }
        if (Options.Metric == DistanceMetric.Euclidean)
        {
            for (int j = 0; j < k; j++)
            {
                distances[j] = Math.Sqrt(distances[j]);
            }
        }
    }

    /// <summary>The distance to a training row; for Euclidean, its square (the square root is taken for the k kept).</summary>
    private double Distance(FeatureRow train, double trainNorm, ReadOnlySpan<double> q, double queryNorm)
    {
        ReadOnlySpan<float> t = train.Values;
        switch (Options.Metric)
        {
            case DistanceMetric.Euclidean when train.IsDense:
            {
                double s0 = 0, s1 = 0;
                int j = 0;
                for (; j + 2 <= t.Length; j += 2)
                {
                    double a = q[j] - t[j], b = q[j + 1] - t[j + 1];
                    s0 += a * a;
                    s1 += b * b;
                }
                for (; j < t.Length; j++)
                {
                    double a = q[j] - t[j];
                    s0 += a * a;
                }
                return s0 + s1;
            }
            case DistanceMetric.Euclidean:
                // ‖q‖² + ‖t‖² − 2 q·t over t's stored values only, clipped at 0 as rounding may dip below it.
                return Math.Max(queryNorm + trainNorm - 2 * train.Dot(q), 0);
            case DistanceMetric.Manhattan when train.IsDense:
            {
                double s = 0;
                for (int j = 0; j < t.Length; j++)
                {
                    s += Math.Abs(q[j] - t[j]);
                }
                return s;
            }
            case DistanceMetric.Manhattan:
            {
                // Σ|q| over every column, corrected where t stores a value.
                double s = queryNorm;
                ReadOnlySpan<int> idx = train.Indices;
                for (int k = 0; k < idx.Length; k++)
                {
                    double qj = q[idx[k]];
                    s += Math.Abs(qj - t[k]) - Math.Abs(qj);
                }
                return Math.Max(s, 0);
            }
            default:
            {
                double dot = train.Dot(q);
                double similarity = queryNorm == 0 || trainNorm == 0 ? 0 : dot / (queryNorm * trainNorm);
                return Math.Clamp(1 - similarity, 0, 2);
            }
        }
    }

    /// <summary>The vote fractions of the neighbours (scikit-learn: <c>predict_proba</c>, with <c>_get_weights</c>).</summary>
    private void Vote(ReadOnlySpan<double> distances, ReadOnlySpan<int> indices, Span<double> probabilities)
    {
        probabilities.Clear();
        bool exact = false;
        if (Options.Weights == NeighborWeights.Distance)
        {
            foreach (double distance in distances)
            {
                exact |= distance == 0;
            }
        }
        double total = 0;
        for (int j = 0; j < indices.Length; j++)
        {
            double weight = Options.Weights == NeighborWeights.Uniform ? 1
                : exact ? (distances[j] == 0 ? 1 : 0)
                : 1 / distances[j];
            probabilities[_y[indices[j]]] += weight;
            total += weight;
        }
        for (int c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] /= total;
        }
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int c = 1; c < values.Length; c++)
        {
            if (values[c] > values[best])
            {
                best = c;
            }
        }
        return best;
    }

    private static double L1Norm(ReadOnlySpan<float> values)
    {
        double s = 0;
        foreach (float v in values)
        {
            s += Math.Abs(v);
        }
        return s;
    }
}
