using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Taxon;
using Taxon.Kernels;
using Taxon.NN;

// The CNN workload of the "Neural networks" issue at batch 64 on 28x28 images: the conv stack
// (conv 1->32 3x3 pad 1, ReLU, max-pool 2, conv 32->64 3x3 pad 1, ReLU, max-pool 2) forward + backward, and the
// whole network's forward + backward (+ flatten, linear 3136->128, ReLU, dropout 0.5, linear 128->10,
// cross-entropy). Prints one JSON line; bench/conv/run.sh compares it with bench/conv/conv_torch.py.
//
// Usage: ConvBench [--iters 30] [--rounds 5] [--threads N] [--batch 64] [--profile]
// --profile also times each layer's forward and backward on its own (best-of-rounds medians, ms).

int iters = 30, rounds = 5, batch = 64;
bool profile = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iters": iters = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": Parallelism.MaxThreads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--profile": profile = true; break;
        default: Console.Error.WriteLine($"ConvBench: unknown argument '{args[i]}'"); return 2;
    }
}

var gen = new Generator(0);
Tensor x = Tensor.Randn([batch, 1, 28, 28], gen);
Tensor g = Tensor.Randn([batch, 64, 7, 7], gen);
Sequential Stack() => new(
    new Conv2d(1, 32, 3, padding: 1, generator: gen), new Relu(), new MaxPool2d(2),
    new Conv2d(32, 64, 3, padding: 1, generator: gen), new Relu(), new MaxPool2d(2));

Sequential convs = Stack();
void ConvStep()
{
    convs.ZeroGrad();
    convs.Forward(x).Backward(g);
}

var net = new Sequential(Stack(), new Flatten(), new Linear(3136, 128, generator: gen), new Relu(), new Dropout(0.5f, gen), new Linear(128, 10, generator: gen));
var labels = IndexTensor.FromArray(Enumerable.Range(0, batch).Select(i => i % 10).ToArray());
void NetStep()
{
    net.ZeroGrad();
    Functional.CrossEntropy(net.Forward(x), labels).Backward();
}

// Until tiered compilation has settled (about a second of steps), timings drift down; then the two workloads
// alternate, round by round, so that a burst of load from other processes hits both alike.
var warm = Stopwatch.StartNew();
while (warm.Elapsed.TotalSeconds < 2)
{
    ConvStep();
    NetStep();
}
double convMs = double.PositiveInfinity, netMs = double.PositiveInfinity, convCpuMs = double.PositiveInfinity;
int gcs = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
TimeSpan pause = GC.GetTotalPauseDuration();
long faults = MinorFaults();
for (int r = 0; r < rounds; r++)
{
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    convMs = Math.Min(convMs, Median(ConvStep));
    convCpuMs = Math.Min(convCpuMs, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / iters);
    netMs = Math.Min(netMs, Median(NetStep));
}
double steps = 2.0 * rounds * iters;

var result = new Dictionary<string, object>
{
    ["bench"] = "conv-taxon",
    ["threads"] = Parallelism.MaxThreads,
    ["batch"] = batch,
    ["conv_stack_ms"] = Math.Round(convMs, 3),
    ["conv_stack_samples_per_s"] = Math.Round(batch / convMs * 1e3, 1),
    // Processor time of all threads per step (mean over a round, best round): less sensitive than wall time to other
    // processes on a shared machine; with several threads it includes helpers spinning for work.
    ["conv_stack_cpu_ms"] = Math.Round(convCpuMs, 3),
    ["net_fwd_bwd_ms"] = Math.Round(netMs, 3),
    ["net_fwd_bwd_samples_per_s"] = Math.Round(batch / netMs * 1e3, 1),
    ["gc_per_step"] = new Dictionary<string, double>
    {
        ["gen0"] = Math.Round((GC.CollectionCount(0) - gcs) / steps, 2),
        ["gen1"] = Math.Round((GC.CollectionCount(1) - gen1) / steps, 2),
        ["gen2"] = Math.Round((GC.CollectionCount(2) - gen2) / steps, 2),
        ["pause_ms"] = Math.Round((GC.GetTotalPauseDuration() - pause).TotalMilliseconds / steps, 3),
    },
    // Pages the kernel had to map (and zero) for this process: fresh memory handed out by the GC.
    ["minor_page_faults_per_step"] = Math.Round((MinorFaults() - faults) / steps),
};
if (profile)
{
    result["layers_ms"] = Profile();
}
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

static long MinorFaults()
{
    // Field 10 of /proc/self/stat (Linux); 0 elsewhere.
    const string stat = "/proc/self/stat";
    if (!File.Exists(stat))
    {
        return 0;
    }
    string text = File.ReadAllText(stat);
    string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[7], CultureInfo.InvariantCulture);
}

double Median(Action step)
{
    var times = new double[iters];
    for (int i = 0; i < iters; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        step();
        times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }
    Array.Sort(times);
    return times[iters / 2];
}

double Timed(Action step)
{
    for (int i = 0; i < 20; i++)
    {
        step();
    }
    double best = double.PositiveInfinity;
    for (int r = 0; r < rounds; r++)
    {
        best = Math.Min(best, Median(step));
    }
    return best;
}

Dictionary<string, double> Profile()
{
    var layers = new Dictionary<string, double>();
    Tensor input = x;
    foreach (var (name, layer) in convs.NamedChildren())
    {
        var module = (Module<Tensor, Tensor>)layer;
        Tensor leaf = input.Detach();
        leaf.RequiresGrad = name != "0";
        Tensor output = module.Forward(leaf);
        Tensor grad = Tensor.Randn(output.Shape.ToArray(), gen);
        layers[$"{name}.{layer.GetType().Name}.forward"] = Math.Round(Timed(() =>
        {
            using (Autograd.NoGrad())
            {
                module.Forward(leaf);
            }
        }), 3);
        layers[$"{name}.{layer.GetType().Name}.forward_backward"] = Math.Round(Timed(() =>
        {
            module.ZeroGrad();
            leaf.Grad = null;
            module.Forward(leaf).Backward(grad);
        }), 3);
        input = output.Detach();
    }
    return layers;
}
