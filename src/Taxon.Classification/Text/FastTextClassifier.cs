using System.Globalization;
using System.Numerics.Tensors;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// fastText's supervised classifier (fastText 0.9.2: <c>fasttext supervised</c>): a text is the mean of the vectors
/// of its words and hashed word and character n-grams, and a linear output layer (softmax, hierarchical softmax,
/// negative sampling or one-vs-all) scores the labels. Trained by Hogwild SGD with a linearly decaying learning rate
/// over <see cref="FastTextOptions.Threads"/> threads; with one thread training is bit-for-bit reproducible for a
/// seed. Multi-label data needs <see cref="FastTextLoss.OneVsAll"/>. The n-gram bucket matrix is never allocated:
/// only the rows the training texts touch are kept.
/// </summary>
public sealed class FastTextClassifier : TextClassifier
{
    /// <summary>Uses <paramref name="options"/>, or fastText's supervised defaults.</summary>
    public FastTextClassifier(FastTextOptions? options = null)
    {
        Options = options ?? new FastTextOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public FastTextOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "fasttext";

    /// <inheritdoc />
    public override bool SupportsMultiLabel => true;

    /// <inheritdoc />
    protected override TextClassifierModel FitCore(LabeledData data, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        FastTextOptions o = Options;
        if (data.IsMultiLabel && o.Loss != FastTextLoss.OneVsAll)
        {
            throw new ArgumentException(
                $"{data.Source ?? "the data"}: is multi-label; fasttext learns several labels per text only with loss OneVsAll (--loss ova), not {o.Loss}.");
        }
        int n = texts.Count;

        // Labels.
        string[] classes = data.IsMultiLabel ? [.. data.LabelNames!] : LabelOrder.Distinct(data.Labels);
        var classIndex = new Dictionary<string, int>(classes.Length, StringComparer.Ordinal);
        for (int j = 0; j < classes.Length; j++)
        {
            classIndex[classes[j]] = j;
        }
        var targets = new int[n][];
        var labelCounts = new long[classes.Length];
        for (int i = 0; i < n; i++)
        {
            if (data.IsMultiLabel)
            {
                IReadOnlyList<string> set = data.LabelSets[i];
                var t = new SortedSet<int>();
                foreach (string label in set)
                {
                    t.Add(classIndex[label]);
                }
                targets[i] = [.. t];
            }
            else
            {
                targets[i] = [classIndex[data.Labels[i]]];
            }
            foreach (int j in targets[i])
            {
                labelCounts[j]++;
            }
        }

        // Dictionary: words with at least MinCount occurrences, most frequent first.
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var tokenCounts = new int[n];
        var tokens = new List<string>();
        long totalTokens = 0;
        for (int i = 0; i < n; i++)
        {
            tokens.Clear();
            FastTextFeatures.Tokenize(texts[i], o.Normalize, tokens);
            foreach (string token in tokens)
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
            tokenCounts[i] = tokens.Count;
            totalTokens += tokens.Count;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var kept = new List<KeyValuePair<string, long>>();
        foreach (KeyValuePair<string, long> entry in counts)
        {
            if (entry.Value >= o.MinCount)
            {
                kept.Add(entry);
            }
        }
        kept.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        var words = new string[kept.Count];
        var wordIndex = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = kept[i].Key;
            wordIndex[words[i]] = i;
        }
        counts = null;
        kept = null;

        // Input ids per text (in parallel), then the stored rows: every word, and each bucket some text touches.
        var ids = new int[n][];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = o.Threads, CancellationToken = cancellationToken }, () => new List<int>(), (i, _, list) =>
        {
            list.Clear();
            FastTextModel.InputIds(texts[i], o, wordIndex, list);
            ids[i] = [.. list];
            return list;
        }, _ => { });
        int nwords = words.Length;
        var bucketSlots = new Dictionary<int, int>();
        var bucketIds = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int[] row = ids[i];
            for (int r = 0; r < row.Length; r++)
            {
                int id = row[r];
                if (id >= nwords)
                {
                    if (!bucketSlots.TryGetValue(id - nwords, out int slot))
                    {
                        slot = nwords + bucketIds.Count;
                        bucketSlots.Add(id - nwords, slot);
                        bucketIds.Add(id - nwords);
                    }
                    row[r] = slot;
                }
            }
        }
        int dim = o.Dim;
        int slots = nwords + bucketIds.Count;
        var input = new float[(long)slots * dim];
        for (int s = 0; s < slots; s++)
        {
            long id = s < nwords ? s : nwords + bucketIds[s - nwords];
            FastTextFeatures.InitRow(o.Seed, id, input.AsSpan(s * dim, dim));
        }
        if (o.PretrainedVectors is { } vec)
        {
            LoadVectors(vec, dim, wordIndex, input);
        }
        int outputRows = FastTextModel.OutputRows(o.Loss, classes.Length);
        var output = new float[(long)outputRows * dim];

        // Hogwild SGD.
        var trainer = new Trainer(o, classes.Length, ids, targets, tokenCounts, totalTokens, input, output, labelCounts);
        trainer.Run(cancellationToken);
        return new FastTextModel(o, classes, data.IsMultiLabel, words, [.. bucketIds], input, output, labelCounts);
    }

    private static void LoadVectors(string path, int dim, Dictionary<string, int> wordIndex, float[] input)
    {
        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: is empty; a .vec file starts with a line \"count dim\".");
        string[] head = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (head.Length != 2 || !long.TryParse(head[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || !int.TryParse(head[1], NumberStyles.None, CultureInfo.InvariantCulture, out int fileDim))
        {
            throw new InvalidDataException($"{path} line 1: a .vec file starts with a line \"count dim\", not \"{Clip(header)}\".");
        }
        if (fileDim != dim)
        {
            throw new InvalidDataException($"{path} line 1: the vectors have dimension {fileDim}, but FastTextOptions.Dim is {dim}.");
        }
        var values = new float[dim];
        int lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            string[] parts = line.TrimEnd().Split(' ');
            if (parts.Length != dim + 1)
            {
                throw new InvalidDataException($"{path} line {lineNumber}: {parts.Length - 1} values where {dim} were expected (a word, then {dim} numbers).");
            }
            for (int k = 0; k < dim; k++)
            {
                if (!float.TryParse(parts[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !float.IsFinite(values[k]))
                {
                    throw new InvalidDataException($"{path} line {lineNumber}: value {k + 1}, '{Clip(parts[k + 1])}', is not a finite number.");
                }
            }
            if (wordIndex.TryGetValue(parts[0], out int w))
            {
                values.CopyTo(input.AsSpan(w * dim, dim));
            }
        }
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "...";

    /// <summary>The shared weights and schedule of one training run; each thread has its own <see cref="Worker"/>.</summary>
    private sealed class Trainer(FastTextOptions o, int classes, int[][] ids, int[][] targets, int[] tokenCounts, long totalTokens,
        float[] input, float[] output, long[] labelCounts)
    {
        private long _processed;

        public FastTextOptions O => o;

        public int Classes => classes;

        public int[][] Ids => ids;

        public int[][] Targets => targets;

        public int[] TokenCounts => tokenCounts;

        public float[] Input => input;

        public float[] Output => output;

        public (int[][] Paths, bool[][] Codes) Tree { get; } = o.Loss == FastTextLoss.HierarchicalSoftmax ? FastTextFeatures.HuffmanTree(labelCounts) : ([], []);

        public double[] NegativeCumulative { get; } = Cumulative(labelCounts);

        public double LearningRate(long add)
        {
            long processed = Interlocked.Add(ref _processed, add);
            double progress = processed / ((double)o.Epochs * Math.Max(1, totalTokens));
            return o.LearningRate * Math.Max(0, 1 - progress);
        }

        private static double[] Cumulative(long[] counts)
        {
            var c = new double[counts.Length];
            double sum = 0;
            for (int j = 0; j < counts.Length; j++)
            {
                sum += Math.Sqrt(counts[j]);
                c[j] = sum;
            }
            return c;
        }

        public void Run(CancellationToken cancellationToken)
        {
            int n = ids.Length;
            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }
            MiniBatchTrainer.Shuffle(order, new Generator(o.Seed ^ 0x5DEECE66DUL));
            int threads = Math.Min(o.Threads, n);
            if (threads == 1)
            {
                new Worker(this, order, new Generator(o.Seed + 1)).Run(cancellationToken);
            }
            else
            {
                var pool = new Thread[threads];
                var errors = new Exception?[threads];
                for (int t = 0; t < threads; t++)
                {
                    int[] slice = order[(int)((long)t * n / threads)..(int)((long)(t + 1) * n / threads)];
                    var worker = new Worker(this, slice, new Generator(o.Seed + 1 + (ulong)t));
                    int index = t;
                    pool[t] = new Thread(() =>
                    {
                        try
                        {
                            worker.Run(cancellationToken);
                        }
                        catch (Exception e)
                        {
                            errors[index] = e;
                        }
                    }) { IsBackground = true, Name = $"fasttext-{t}" };
                    pool[t].Start();
                }
                foreach (Thread thread in pool)
                {
                    thread.Join();
                }
                foreach (Exception? e in errors)
                {
                    if (e is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
                    }
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>One Hogwild thread: its slice of the samples, its buffers and random numbers.</summary>
    private sealed class Worker(Trainer trainer, int[] slice, Generator rng)
    {
        private readonly float[] _hidden = new float[trainer.O.Dim];
        private readonly float[] _grad = new float[trainer.O.Dim];
        private readonly float[] _scores = new float[trainer.Classes];
        private readonly Generator _rng = rng;

        public void Run(CancellationToken cancellationToken)
        {
            FastTextOptions o = trainer.O;
            int dim = o.Dim;
            float[] input = trainer.Input;
            long local = 0;
            double lr = trainer.LearningRate(0);
            for (int epoch = 0; epoch < o.Epochs; epoch++)
            {
                if (epoch > 0)
                {
                    MiniBatchTrainer.Shuffle(slice, _rng);
                }
                foreach (int i in slice)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    local += trainer.TokenCounts[i];
                    if (local > o.LearningRateUpdateRate)
                    {
                        lr = trainer.LearningRate(local);
                        local = 0;
                    }
                    int[] rows = trainer.Ids[i];
                    int[] targets = trainer.Targets[i];
                    if (rows.Length == 0 || targets.Length == 0)
                    {
                        continue;
                    }
                    Span<float> hidden = _hidden;
                    hidden.Clear();
                    foreach (int r in rows)
                    {
                        TensorPrimitives.Add(hidden, input.AsSpan(r * dim, dim), hidden);
                    }
                    TensorPrimitives.Multiply(hidden, 1f / rows.Length, hidden);
                    _grad.AsSpan().Clear();
                    Update(targets, (float)lr);
                    TensorPrimitives.Multiply(_grad, 1f / rows.Length, _grad);
                    foreach (int r in rows)
                    {
                        Span<float> row = input.AsSpan(r * dim, dim);
                        TensorPrimitives.Add(row, _grad, row);
                    }
                }
            }
        }

        private void Update(int[] targets, float lr)
        {
            FastTextOptions o = trainer.O;
            int dim = o.Dim;
            float[] output = trainer.Output;
            int target = targets[0];
            switch (o.Loss)
            {
                case FastTextLoss.Softmax:
                {
                    float max = float.NegativeInfinity;
                    for (int j = 0; j < _scores.Length; j++)
                    {
                        _scores[j] = TensorPrimitives.Dot(output.AsSpan(j * dim, dim), _hidden);
                        max = Math.Max(max, _scores[j]);
                    }
                    float sum = 0;
                    for (int j = 0; j < _scores.Length; j++)
                    {
                        _scores[j] = MathF.Exp(_scores[j] - max);
                        sum += _scores[j];
                    }
                    for (int j = 0; j < _scores.Length; j++)
                    {
                        float alpha = lr * ((j == target ? 1f : 0f) - _scores[j] / sum);
                        Span<float> w = output.AsSpan(j * dim, dim);
                        TensorPrimitives.MultiplyAdd(w, alpha, _grad, _grad);
                        TensorPrimitives.MultiplyAdd(_hidden, alpha, w, w);
                    }
                    break;
                }
                case FastTextLoss.HierarchicalSoftmax:
                {
                    int[] path = trainer.Tree.Paths[target];
                    bool[] code = trainer.Tree.Codes[target];
                    for (int k = 0; k < path.Length; k++)
                    {
                        BinaryLogistic(path[k], code[k], lr);
                    }
                    break;
                }
                case FastTextLoss.NegativeSampling:
                {
                    BinaryLogistic(target, true, lr);
                    if (_scores.Length > 1)
                    {
                        double[] cumulative = trainer.NegativeCumulative;
                        double total = cumulative[^1];
                        for (int s = 0; s < o.NegativeSamples; s++)
                        {
                            int negative = target;
                            for (int attempt = 0; attempt < 64 && negative == target; attempt++)
                            {
                                int at = Array.BinarySearch(cumulative, _rng.NextDouble() * total);
                                negative = Math.Min(at < 0 ? ~at : at + 1, cumulative.Length - 1);
                            }
                            if (negative != target)
                            {
                                BinaryLogistic(negative, false, lr);
                            }
                        }
                    }
                    break;
                }
                default:
                {
                    int next = 0;
                    for (int j = 0; j < _scores.Length; j++)
                    {
                        bool positive = next < targets.Length && targets[next] == j;
                        if (positive)
                        {
                            next++;
                        }
                        BinaryLogistic(j, positive, lr);
                    }
                    break;
                }
            }
        }

        private void BinaryLogistic(int row, bool positive, float lr)
        {
            int dim = trainer.O.Dim;
            Span<float> w = trainer.Output.AsSpan(row * dim, dim);
            float score = FastTextFeatures.Sigmoid(TensorPrimitives.Dot(w, _hidden));
            float alpha = lr * ((positive ? 1f : 0f) - score);
            TensorPrimitives.MultiplyAdd(w, alpha, _grad, _grad);
            TensorPrimitives.MultiplyAdd(_hidden, alpha, w, w);
        }
    }
}
