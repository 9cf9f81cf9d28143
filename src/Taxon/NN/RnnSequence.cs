using System.Numerics.Tensors;

namespace Taxon.NN;

/// <summary>
/// One layer of an RNN, LSTM or GRU (every direction) over a padded batch, as a single autograd node with a
/// hand-written backward through time. The input projection of all steps is one GEMM (x·W_ihᵀ over [T·B, in]);
/// each step is one GEMM with W_hh over the sequences still running plus one fused cell kernel. The backward
/// runs the steps in reverse with one GEMM each for the state gradient, then gets W_ih, W_hh, the biases and the
/// input from three GEMMs over all steps at once, instead of the dozen small tensors per step a composed graph
/// would create.
/// </summary>
/// <remarks>
/// Rows of the input and output are addressed as <c>batchFirst ? b·T + t : t·B + b</c>, so batch_first costs no
/// transpose. The layer's output, h_n and c_n live in one buffer (one node has one output); the caller takes views.
/// </remarks>
internal static class RnnSequence
{
    /// <summary>The parameters of one direction of a layer.</summary>
    internal readonly record struct Weights(Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh);

    /// <summary>What one direction's forward keeps for the backward, per processed row (steps in processing order).</summary>
    private sealed class Tape
    {
        public required float[] Acts { get; init; }

        public required float[] HPrev { get; init; }

        public float[]? CPrev { get; init; }

        /// <summary>tanh(c) for the LSTM; W_hn h + b_hn for the GRU.</summary>
        public float[]? Extra { get; init; }
    }

    /// <summary>The number of gate blocks of W_ih's rows.</summary>
    public static int Gates(RnnCellKind kind) => kind switch
    {
        RnnCellKind.Lstm => 4,
        RnnCellKind.Gru => 3,
        _ => 1,
    };

    /// <summary>
    /// Runs the layer: x [T, B, in] (or [B, T, in] when <paramref name="batchFirst"/>), h0 and c0 [D, B, H] or null
    /// for zeros. Returns the output [T, B, D·H] (or [B, T, D·H]), zero at padded steps, and h_n, c_n [D, B, H]
    /// (c_n null unless LSTM), each sequence's state after its own last step.
    /// </summary>
    public static (Tensor Output, Tensor HN, Tensor? CN) Forward(RnnCellKind kind, Tensor x, Tensor? h0, Tensor? c0, Weights[] directions,
        int hidden, bool batchFirst, RnnBatchPlan plan)
    {
        int dirs = directions.Length, h = hidden, gh = Gates(kind) * h;
        int steps = plan.Steps, batch = plan.Batch, inSize = x.Shape[2], rows = steps * batch;
        bool lstm = kind == RnnCellKind.Lstm;
        var inputs = new List<Tensor> { x };
        if (h0 is not null)
        {
            inputs.Add(h0);
        }
        if (c0 is not null)
        {
            inputs.Add(c0);
        }
        foreach (Weights w in directions)
        {
            inputs.Add(w.WeightIh);
            inputs.Add(w.WeightHh);
            if (w.BiasIh is not null)
            {
                inputs.Add(w.BiasIh);
            }
            if (w.BiasHh is not null)
            {
                inputs.Add(w.BiasHh);
            }
        }
        bool record = Autograd.IsGradEnabled && inputs.Exists(t => t.RequiresGrad);

        Tensor xc = Dense(x);
        float[]? h0Data = h0?.ToArray(), c0Data = c0?.ToArray();
        int outSize = rows * dirs * h, stateSize = dirs * batch * h;
        int total = outSize + stateSize * (lstm ? 2 : 1);
        // Padded steps are never written, so they must start at zero; otherwise every element is written.
        Tensor packed = plan.Padded ? Tensor.Zeros(total) : Tensor.Empty([total]);
        float[] p = packed.Storage.Data;
        var tapes = new Tape[dirs];
        for (int d = 0; d < dirs; d++)
        {
            tapes[d] = ForwardDirection(kind, xc, h0Data, c0Data, directions[d], d, dirs, h, gh, inSize, batchFirst, plan, record, p, outSize);
        }

        int[] outShape = batchFirst ? [batch, steps, dirs * h] : [steps, batch, dirs * h];
        if (record)
        {
            Tensor[] ins = [.. inputs];
            // Saved for the version check: the backward reads x and the weights as they were in the forward.
            Tensor[] saved = [xc, .. directions.Select(w => w.WeightIh), .. directions.Select(w => w.WeightHh)];
            Tensor.Record(packed, GradFnName(kind), ins, g => Backward(kind, g, x, xc, h0, c0, directions, tapes, h, gh, inSize, batchFirst, plan, ins), saved);
        }
        Tensor output = packed.Narrow(0, 0, outSize).View(outShape);
        Tensor hn = packed.Narrow(0, outSize, stateSize).View(dirs, batch, h);
        Tensor? cn = lstm ? packed.Narrow(0, outSize + stateSize, stateSize).View(dirs, batch, h) : null;
        return (output, hn, cn);
    }

    private static string GradFnName(RnnCellKind kind) => kind switch
    {
        RnnCellKind.Lstm => "LstmBackward0",
        RnnCellKind.Gru => "GruBackward0",
        RnnCellKind.RnnRelu => "RnnReluBackward0",
        _ => "RnnTanhBackward0",
    };

    /// <summary>The step's time index: forward directions go 0 → max, reverse ones max → 0.</summary>
    private static int TimeAt(int s, int d, RnnBatchPlan plan) => d == 0 ? s : plan.MaxLength - 1 - s;

    private static int Row(int t, int b, RnnBatchPlan plan, bool batchFirst) => batchFirst ? b * plan.Steps + t : t * plan.Batch + b;

    private static Tape ForwardDirection(RnnCellKind kind, Tensor xc, float[]? h0, float[]? c0, Weights w, int d, int dirs, int h, int gh,
        int inSize, bool batchFirst, RnnBatchPlan plan, bool record, float[] packed, int outSize)
    {
        IBackend backend = Tensor.Backend;
        int batch = plan.Batch, rows = plan.Steps * batch, total = plan.TotalRows;
        bool lstm = kind == RnnCellKind.Lstm, gru = kind == RnnCellKind.Gru;
        ReadOnlySpan<float> wih = Dense(w.WeightIh).ContiguousSpan, whh = Dense(w.WeightHh).ContiguousSpan;
        float[]? bih = w.BiasIh?.ToArray(), bhh = w.BiasHh?.ToArray();

        // Input projection of every step at once, with the biases folded in where the cell allows.
        float[] gx = GC.AllocateUninitializedArray<float>(rows * gh);
        float[] bias = new float[gh];
        bool anyBias = bih is not null || (!gru && bhh is not null);
        if (bih is not null)
        {
            bih.CopyTo(bias, 0);
        }
        if (!gru && bhh is not null)
        {
            TensorPrimitives.Add(bias, bhh, bias);
        }
        if (anyBias)
        {
            for (int r = 0; r < rows; r++)
            {
                bias.CopyTo(gx, r * gh);
            }
        }
        backend.Gemm(false, true, rows, gh, inSize, 1f, xc.ContiguousSpan, Math.Max(inSize, 1), wih, Math.Max(inSize, 1), anyBias ? 1f : 0f, gx, gh);

        int slots = record ? total : batch;
        var tape = new Tape
        {
            Acts = GC.AllocateUninitializedArray<float>(slots * gh),
            HPrev = record ? GC.AllocateUninitializedArray<float>(total * h) : [],
            CPrev = lstm && record ? GC.AllocateUninitializedArray<float>(total * h) : null,
            Extra = lstm || gru ? GC.AllocateUninitializedArray<float>(slots * h) : null,
        };
        float[] state = new float[batch * h];
        float[]? cell = lstm ? new float[batch * h] : null;
        int[] order = plan.Order;
        for (int j = 0; j < batch; j++)
        {
            if (h0 is not null)
            {
                Array.Copy(h0, (d * batch + order[j]) * h, state, j * h, h);
            }
            if (cell is not null && c0 is not null)
            {
                Array.Copy(c0, (d * batch + order[j]) * h, cell, j * h, h);
            }
        }
        float[]? gxRows = gru ? GC.AllocateUninitializedArray<float>(batch * gh) : null;
        float[]? ghScratch = gru ? GC.AllocateUninitializedArray<float>(batch * gh) : null;
        int width = dirs * h;
        int offset = 0;
        for (int s = 0; s < plan.MaxLength; s++)
        {
            int t = TimeAt(s, d, plan), n = plan.Active[t];
            if (n == 0)
            {
                continue;
            }
            int slot = record ? offset : 0;
            if (record)
            {
                Array.Copy(state, 0, tape.HPrev, slot * h, n * h);
            }
            Span<float> acts = tape.Acts.AsSpan(slot * gh, n * gh);
            Span<float> hState = state.AsSpan(0, n * h);
            switch (kind)
            {
                case RnnCellKind.Lstm:
                    GatherRows(gx, gh, t, order, n, plan, batchFirst, acts);
                    backend.Gemm(false, true, n, gh, h, 1f, hState, h, whh, h, 1f, acts, gh);
                    if (record)
                    {
                        Array.Copy(cell!, 0, tape.CPrev!, slot * h, n * h);
                    }
                    Span<float> c = cell.AsSpan(0, n * h);
                    backend.LstmCell(acts, c, c, tape.Extra.AsSpan(slot * h, n * h), hState, n, h);
                    break;
                case RnnCellKind.Gru:
                    Span<float> xr = gxRows.AsSpan(0, n * gh), hr = ghScratch.AsSpan(0, n * gh);
                    GatherRows(gx, gh, t, order, n, plan, batchFirst, xr);
                    backend.Gemm(false, true, n, gh, h, 1f, hState, h, whh, h, 0f, hr, gh);
                    backend.GruCell(xr, hr, bhh, hState, acts, tape.Extra.AsSpan(slot * h, n * h), n, h);
                    break;
                default:
                    GatherRows(gx, gh, t, order, n, plan, batchFirst, acts);
                    backend.Gemm(false, true, n, gh, h, 1f, hState, h, whh, h, 1f, acts, gh);
                    var view = new TensorView(tape.Acts, slot * gh, [n * gh], [1]);
                    backend.Unary(kind == RnnCellKind.RnnRelu ? UnaryOp.Relu : UnaryOp.Tanh, view, acts);
                    acts.CopyTo(hState);
                    break;
            }
            for (int j = 0; j < n; j++)
            {
                Array.Copy(state, j * h, packed, Row(t, order[j], plan, batchFirst) * width + d * h, h);
            }
            offset += n;
        }
        int stateSize = dirs * batch * h;
        for (int j = 0; j < batch; j++)
        {
            Array.Copy(state, j * h, packed, outSize + (d * batch + order[j]) * h, h);
            if (cell is not null)
            {
                Array.Copy(cell, j * h, packed, outSize + stateSize + (d * batch + order[j]) * h, h);
            }
        }
        return tape;
    }

    private static void GatherRows(float[] gx, int gh, int t, int[] order, int n, RnnBatchPlan plan, bool batchFirst, Span<float> dst)
    {
        for (int j = 0; j < n; j++)
        {
            gx.AsSpan(Row(t, order[j], plan, batchFirst) * gh, gh).CopyTo(dst.Slice(j * gh, gh));
        }
    }

    private static Tensor?[] Backward(RnnCellKind kind, Tensor g, Tensor x, Tensor xc, Tensor? h0, Tensor? c0, Weights[] directions, Tape[] tapes,
        int h, int gh, int inSize, bool batchFirst, RnnBatchPlan plan, Tensor[] inputs)
    {
        int dirs = directions.Length, batch = plan.Batch, rows = plan.Steps * batch;
        int outSize = rows * dirs * h, stateSize = dirs * batch * h;
        ReadOnlySpan<float> gp = Dense(g).ContiguousSpan;
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        Tensor? dx = x.RequiresGrad ? Tensor.Zeros(x.Shape.ToArray()) : null;
        Tensor? dh0 = h0 is { RequiresGrad: true } ? Tensor.Empty([dirs, batch, h]) : null;
        Tensor? dc0 = c0 is { RequiresGrad: true } ? Tensor.Empty([dirs, batch, h]) : null;
        for (int d = 0; d < dirs; d++)
        {
            BackwardDirection(kind, gp, xc, directions[d], tapes[d], d, dirs, h, gh, inSize, batchFirst, plan, outSize, stateSize, dx, dh0, dc0, grads);
        }
        var result = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            Tensor input = inputs[i];
            if (!input.RequiresGrad)
            {
                continue;
            }
            result[i] = ReferenceEquals(input, x) ? dx : ReferenceEquals(input, h0) ? dh0 : ReferenceEquals(input, c0) ? dc0 : grads.GetValueOrDefault(input);
        }
        return result;
    }

    private static void BackwardDirection(RnnCellKind kind, ReadOnlySpan<float> gp, Tensor xc, Weights w, Tape tape, int d, int dirs, int h, int gh,
        int inSize, bool batchFirst, RnnBatchPlan plan, int outSize, int stateSize, Tensor? dx, Tensor? dh0, Tensor? dc0, Dictionary<Tensor, Tensor> grads)
    {
        IBackend backend = Tensor.Backend;
        int batch = plan.Batch, rows = plan.Steps * batch, total = plan.TotalRows, width = dirs * h;
        bool lstm = kind == RnnCellKind.Lstm, gru = kind == RnnCellKind.Gru;
        int[] order = plan.Order;
        ReadOnlySpan<float> whh = Dense(w.WeightHh).ContiguousSpan;

        // The gradients reaching the state from later steps, in sorted order; they start as those of h_n and c_n.
        float[] dhCarry = new float[batch * h];
        float[]? dcCarry = lstm ? new float[batch * h] : null;
        for (int j = 0; j < batch; j++)
        {
            gp.Slice(outSize + (d * batch + order[j]) * h, h).CopyTo(dhCarry.AsSpan(j * h, h));
            if (dcCarry is not null)
            {
                gp.Slice(outSize + stateSize + (d * batch + order[j]) * h, h).CopyTo(dcCarry.AsSpan(j * h, h));
            }
        }
        bool needGx = dx is not null || w.WeightIh.RequiresGrad || w.BiasIh is { RequiresGrad: true };
        // dGh: pre-activation gradients of the recurrent projection, in processing order (aligned with HPrev);
        // dGx: those of the input projection in the input's row order, zero at padded steps.
        float[] dGh = GC.AllocateUninitializedArray<float>(total * gh);
        float[]? dGx = needGx ? new float[rows * gh] : null;
        float[] dh = GC.AllocateUninitializedArray<float>(batch * h);
        float[]? dGxRows = gru ? GC.AllocateUninitializedArray<float>(batch * gh) : null;
        int offset = total;
        for (int s = plan.MaxLength - 1; s >= 0; s--)
        {
            int t = TimeAt(s, d, plan), n = plan.Active[t];
            if (n == 0)
            {
                continue;
            }
            offset -= n;
            int slot = offset;
            Span<float> dhs = dh.AsSpan(0, n * h);
            for (int j = 0; j < n; j++)
            {
                TensorPrimitives.Add(dhCarry.AsSpan(j * h, h), gp.Slice(Row(t, order[j], plan, batchFirst) * width + d * h, h), dhs.Slice(j * h, h));
            }
            Span<float> acts = tape.Acts.AsSpan(slot * gh, n * gh);
            Span<float> dg = dGh.AsSpan(slot * gh, n * gh);
            Span<float> carry = dhCarry.AsSpan(0, n * h);
            switch (kind)
            {
                case RnnCellKind.Lstm:
                    backend.LstmCellBackward(acts, tape.CPrev.AsSpan(slot * h, n * h), tape.Extra.AsSpan(slot * h, n * h), dhs,
                        dcCarry.AsSpan(0, n * h), dg, n, h);
                    backend.Gemm(false, false, n, h, gh, 1f, dg, gh, whh, h, 0f, carry, h);
                    break;
                case RnnCellKind.Gru:
                    backend.GruCellBackward(acts, tape.Extra.AsSpan(slot * h, n * h), tape.HPrev.AsSpan(slot * h, n * h), dhs,
                        dGxRows.AsSpan(0, n * gh), dg, carry, n, h);
                    backend.Gemm(false, false, n, h, gh, 1f, dg, gh, whh, h, 1f, carry, h);
                    break;
                default:
                    var y = new TensorView(tape.Acts, slot * gh, [n * h], [1]);
                    var gy = new TensorView(dh, 0, [n * h], [1]);
                    backend.Binary(kind == RnnCellKind.RnnRelu ? BinaryOp.ReluBackward : BinaryOp.TanhBackward, y, gy, dg);
                    backend.Gemm(false, false, n, h, gh, 1f, dg, gh, whh, h, 0f, carry, h);
                    break;
            }
            if (dGx is not null)
            {
                float[] src = gru ? dGxRows! : dGh;
                int srcStart = gru ? 0 : slot;
                for (int j = 0; j < n; j++)
                {
                    Array.Copy(src, (srcStart + j) * gh, dGx, Row(t, order[j], plan, batchFirst) * gh, gh);
                }
            }
        }

        for (int j = 0; j < batch; j++)
        {
            if (dh0 is not null)
            {
                dhCarry.AsSpan(j * h, h).CopyTo(dh0.ContiguousSpan.Slice((d * batch + order[j]) * h, h));
            }
            if (dc0 is not null)
            {
                dcCarry.AsSpan(j * h, h).CopyTo(dc0.ContiguousSpan.Slice((d * batch + order[j]) * h, h));
            }
        }
        if (w.WeightHh.RequiresGrad)
        {
            Tensor dWhh = Tensor.Empty([gh, h]);
            backend.Gemm(true, false, gh, h, total, 1f, dGh, gh, tape.HPrev, h, 0f, dWhh.ContiguousSpan, h);
            grads[w.WeightHh] = dWhh;
        }
        if (w.BiasHh is { RequiresGrad: true })
        {
            Tensor dBhh = Tensor.Empty([gh]);
            backend.SumMiddle(dGh, 1, total, gh, dBhh.ContiguousSpan);
            grads[w.BiasHh] = dBhh;
        }
        if (dGx is null)
        {
            return;
        }
        if (w.BiasIh is { RequiresGrad: true })
        {
            Tensor dBih = Tensor.Empty([gh]);
            backend.SumMiddle(dGx, 1, rows, gh, dBih.ContiguousSpan);
            grads[w.BiasIh] = dBih;
        }
        if (w.WeightIh.RequiresGrad)
        {
            Tensor dWih = Tensor.Empty([gh, inSize]);
            backend.Gemm(true, false, gh, inSize, rows, 1f, dGx, gh, xc.ContiguousSpan, Math.Max(inSize, 1), 0f, dWih.ContiguousSpan, Math.Max(inSize, 1));
            grads[w.WeightIh] = dWih;
        }
        if (dx is not null)
        {
            backend.Gemm(false, false, rows, inSize, gh, 1f, dGx, gh, Dense(w.WeightIh).ContiguousSpan, Math.Max(inSize, 1), 1f, dx.ContiguousSpan, Math.Max(inSize, 1));
        }
    }

    /// <summary>The tensor itself when contiguous, else a contiguous copy outside the graph (for reading its elements).</summary>
    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.Materialize();
}
