using System.Diagnostics;
using System.Globalization;
using Taxon;
using Taxon.Bench.BiLstm;
using Taxon.Kernels;
using Taxon.NN;

// usage: bilstm [bilstm|bilstm-varlen|tagger] [threads] [seconds]
// Prints one JSON line: the best of several timed repeats after a warm-up.
string workload = args.Length > 0 ? args[0] : "bilstm";
Parallelism.MaxThreads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var (step, tokens) = workload switch
{
    "bilstm" => BiLstm(varlen: false),
    "bilstm-varlen" => BiLstm(varlen: true),
    "tagger" => Tagger(),
    _ => throw new ArgumentException($"unknown workload '{workload}' (bilstm, bilstm-varlen, tagger)"),
};
for (int i = 0; i < 3; i++)
{
    step();
}
double best = double.MaxValue;
var total = Stopwatch.StartNew();
while (total.Elapsed.TotalSeconds < seconds)
{
    var sw = Stopwatch.StartNew();
    step();
    best = Math.Min(best, sw.Elapsed.TotalSeconds);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"bench\":\"{workload}\",\"side\":\"taxon\",\"threads\":{Parallelism.MaxThreads},\"ms_per_step\":{best * 1e3:F2},\"tokens_per_s\":{tokens / best:F0}}}"));

// Forward and backward of a bidirectional LSTM, batch 32, 30 steps, 100 → 128; varlen: lengths 5..30 (packed in PyTorch).
static (Action Step, int Tokens) BiLstm(bool varlen)
{
    var g = new Generator(0);
    var lstm = new Lstm(Workloads.Embedding, Workloads.Hidden, bidirectional: true, batchFirst: true, generator: g);
    Tensor x = Tensor.Randn([Workloads.Batch, Workloads.Steps, Workloads.Embedding], g);
    x.RequiresGrad = true;
    int[] lengths = [.. Enumerable.Range(0, Workloads.Batch).Select(b => 5 + b * 25 / (Workloads.Batch - 1))];
    SequenceLengths? lens = varlen ? lengths : null;
    void Step()
    {
        Tensor output = lstm.Forward(x, null, lens).Output;
        output.Sum().Backward();
        lstm.ZeroGrad();
        x.Grad = null;
    }
    return (Step, varlen ? lengths.Sum() : Workloads.Batch * Workloads.Steps);
}

// One epoch of a BiLSTM tagger without CRF: embedding 20000 x 100 (padding 0) → BiLSTM 128 → linear 23, cross-entropy
// over the real tokens, plain SGD; 50 batches of 32 sentences with CoNLL-2000-like lengths.
static (Action Step, int Tokens) Tagger()
{
    var g = new Generator(1);
    int[] all = Workloads.SentenceLengths(Workloads.Batch * Workloads.TaggerBatches);
    var batches = new List<(IndexTensor Words, IndexTensor Valid, IndexTensor Tags, int[] Lengths)>();
    for (int i = 0; i < all.Length; i += Workloads.Batch)
    {
        int[] lens = all[i..(i + Workloads.Batch)];
        int steps = lens.Max();
        var words = new int[Workloads.Batch * steps];
        var valid = new List<int>();
        var tags = new List<int>();
        for (int b = 0; b < Workloads.Batch; b++)
        {
            for (int t = 0; t < lens[b]; t++)
            {
                words[b * steps + t] = g.NextInt(1, Workloads.Vocabulary);
                valid.Add(b * steps + t);
                tags.Add(g.NextInt(0, Workloads.Tags));
            }
        }
        batches.Add((IndexTensor.FromArray(words, Workloads.Batch, steps), IndexTensor.FromArray([.. valid]), IndexTensor.FromArray([.. tags]), lens));
    }
    var embedding = new Embedding(Workloads.Vocabulary, Workloads.Embedding, paddingIdx: 0, generator: g);
    var lstm = new Lstm(Workloads.Embedding, Workloads.Hidden, bidirectional: true, batchFirst: true, generator: g);
    var head = new Linear(2 * Workloads.Hidden, Workloads.Tags, generator: g);
    var parameters = embedding.Parameters().Concat(lstm.Parameters()).Concat(head.Parameters()).ToList();
    void Epoch()
    {
        foreach (var (words, valid, tags, lengths) in batches)
        {
            Tensor h = lstm.Forward(embedding.Forward(words), null, lengths).Output;
            Tensor logits = head.Forward(h).Reshape(-1, Workloads.Tags).IndexSelect(0, valid);
            Tensor loss = Functional.CrossEntropy(logits, tags);
            foreach (Tensor p in parameters)
            {
                p.Grad = null;
            }
            loss.Backward();
            using (Autograd.NoGrad())
            {
                foreach (Tensor p in parameters)
                {
                    p.Add_(p.Grad!, alpha: -0.01f);
                }
            }
        }
    }
    return (Epoch, all.Sum());
}
