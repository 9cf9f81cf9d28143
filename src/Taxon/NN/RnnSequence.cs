using System.Numerics.Tensors;

namespace Taxon.NN;

/// <summary>
/// One layer of an RNN, LSTM or GRU (every direction) over a padded batch, as a single autograd node with a
/// hand-written backward through time. The input projection of all steps is one GEMM (x·W_ihᵀ over every valid
/// row); each step is one GEMM with W_hh over the sequences still running plus one fused cell kernel. The backward
/// runs the steps in reverse with one GEMM each for the state gradient, then gets W_ih, W_hh, the biases and the
/// input from one GEMM each over all steps at once, instead of the dozen small tensors per step a composed graph
/// would create.
/// </summary>
/// <remarks>
/// The layer computes in a step-major layout of the valid rows only (<see cref="RnnBatchPlan.Slot"/>): row
/// Slot[t] + j is sequence Order[j] at time t. Inputs are gathered into it once (not at all when it is already the
/// input's layout) and outputs written back to <c>batchFirst ? b·T + t : t·B + b</c>. The layer's output, h_n and
/// c_n live in one buffer, because one node has one output; the caller takes views.
/// </remarks>
internal static class RnnSequence
{
    /// <summary>The parameters of one direction of a layer.</summary>
    internal readonly record struct Weights(Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh);

    /// <summary>What one direction's forward keeps for the backward, per row of the step-major layout.</summary>
    private sealed class Tape
    {
        /// <summary>Activated gates (LSTM: i, f, g, o; GRU: r, z, n; RNN: h).</summary>
        public required float[] Acts { get; init; }

        /// <summary>The state each row's step started from.</summary>
        public required float[] HPrev { get; init; }

        /// <summary>The LSTM cell state each row's step started from.</summary>
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
        int dirs = directions.Length, h = hidden;
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
        Tensor xs = plan.Aligned(batchFirst) ? xc : GatherInput(xc, inSize, batchFirst, plan);
        float[]? h0Data = h0?.ToArray(), c0Data = c0?.ToArray();
        int outSize = rows * dirs * h, stateSize = dirs * batch * h;
        int total = outSize + stateSize * (lstm ? 2 : 1);
        // Padded steps are never written, so they must start at zero; otherwise every element is written.
        Tensor packed = plan.Padded ? Tensor.Zeros(total) : Tensor.Empty([total]);
        var tapes = new Tape[dirs];
        for (int d = 0; d < dirs; d++)
        {
            tapes[d] = ForwardDirection(kind, xs, h0Data, c0Data, directions[d], d, dirs, h, inSize, batchFirst, plan, record,
                packed.Storage.Data, outSize);
        }

        int[] outShape = batchFirst ? [batch, steps, dirs * h] : [steps, batch, dirs * h];
        if (record)
        {
            Tensor[] ins = [.. inputs];
            // Saved for the version check: the backward reads x and the weights as they were in the forward.
            Tensor[] saved = [xs, .. directions.Select(w => w.WeightIh), .. directions.Select(w => w.WeightHh)];
            Tensor.Record(packed, GradFnName(kind), ins, g => Backward(kind, g, x, xs, h0, c0, directions, tapes, h, inSize, batchFirst, plan, ins), saved);
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

    /// <summary>The time of the s-th step: forward directions go 0 → max, reverse ones max → 0.</summary>
    private static int TimeAt(int s, int d, RnnBatchPlan plan) => d == 0 ? s : plan.MaxLength - 1 - s;

    /// <summary>The row of sequence b at time t in the input and output.</summary>
    private static int Row(int t, int b, RnnBatchPlan plan, bool batchFirst) => batchFirst ? b * plan.Steps + t : t * plan.Batch + b;

    /// <summary>The valid rows of x in the step-major layout, [N, in].</summary>
    private static Tensor GatherInput(Tensor xc, int inSize, bool batchFirst, RnnBatchPlan plan)
    {
        Tensor xs = Tensor.Empty([plan.TotalRows, inSize]);
        ReadOnlySpan<float> src = xc.ContiguousSpan;
        Span<float> dst = xs.ContiguousSpan;
        for (int t = 0; t < plan.MaxLength; t++)
        {
            for (int j = 0; j < plan.Active[t]; j++)
            {
                src.Slice(Row(t, plan.Order[j], plan, batchFirst) * inSize, inSize).CopyTo(dst.Slice((plan.Slot[t] + j) * inSize, inSize));
            }
        }
        return xs;
    }

    private static Tape ForwardDirection(RnnCellKind kind, Tensor xs, float[]? h0, float[]? c0, Weights w, int d, int dirs, int h,
        int inSize, bool batchFirst, RnnBatchPlan plan, bool record, float[] packed, int outSize)
    {
        IBackend backend = Tensor.Backend;
        int batch = plan.Batch, total = plan.TotalRows, gh = Gates(kind) * h;
        bool lstm = kind == RnnCellKind.Lstm, gru = kind == RnnCellKind.Gru;
        ReadOnlySpan<float> wih = Dense(w.WeightIh).ContiguousSpan, whh = Dense(w.WeightHh).ContiguousSpan;
        float[]? bih = w.BiasIh?.ToArray(), bhh = w.BiasHh?.ToArray();

        // The input projection of every valid row at once, with the biases folded in where the cell allows: the LSTM's
        // and RNN's steps then add h·W_hhᵀ onto it in place, while the GRU keeps it apart (r multiplies only W_hn h + b_hn).
        float[] gx = GC.AllocateUninitializedArray<float>(total * gh);
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
            for (int r = 0; r < total; r++)
            {
                bias.CopyTo(gx, r * gh);
            }
        }
        int ld = Math.Max(inSize, 1);
        backend.Gemm(false, true, total, gh, inSize, 1f, xs.ContiguousSpan, ld, wih, ld, anyBias ? 1f : 0f, gx, gh);

        int scratch = record ? total : batch;
        var tape = new Tape
        {
            Acts = gru ? GC.AllocateUninitializedArray<float>(scratch * gh) : gx,
            HPrev = record ? GC.AllocateUninitializedArray<float>(total * h) : [],
            CPrev = lstm && record ? GC.AllocateUninitializedArray<float>(total * h) : null,
            Extra = lstm || gru ? GC.AllocateUninitializedArray<float>(scratch * h) : null,
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
        float[]? ghScratch = gru ? GC.AllocateUninitializedArray<float>(batch * gh) : null;
        int width = dirs * h;
        for (int s = 0; s < plan.MaxLength; s++)
        {
            int t = TimeAt(s, d, plan), n = plan.Active[t], slot = plan.Slot[t];
            if (n == 0)
            {
                continue;
            }
            // Without a tape, the per-step buffers the cell writes are scratch reused by every step.
            int saveSlot = record ? slot : 0;
            if (record)
            {
                Array.Copy(state, 0, tape.HPrev, slot * h, n * h);
            }
            Span<float> hState = state.AsSpan(0, n * h);
            switch (kind)
            {
                case RnnCellKind.Lstm:
                    Span<float> gates = gx.AsSpan(slot * gh, n * gh);
                    backend.Gemm(false, true, n, gh, h, 1f, hState, h, whh, h, 1f, gates, gh);
                    if (record)
                    {
                        Array.Copy(cell!, 0, tape.CPrev!, slot * h, n * h);
                    }
                    Span<float> c = cell.AsSpan(0, n * h);
                    backend.LstmCell(gates, c, c, tape.Extra.AsSpan(saveSlot * h, n * h), hState, n, h);
                    break;
                case RnnCellKind.Gru:
                    Span<float> hr = ghScratch.AsSpan(0, n * gh);
                    backend.Gemm(false, true, n, gh, h, 1f, hState, h, whh, h, 0f, hr, gh);
                    backend.GruCell(gx.AsSpan(slot * gh, n * gh), hr, bhh, hState, tape.Acts.AsSpan(saveSlot * gh, n * gh),
                        tape.Extra.AsSpan(saveSlot * h, n * h), n, h);
                    break;
                default:
                    Span<float> pre = gx.AsSpan(slot * gh, n * gh);
                    backend.Gemm(false, true, n, gh, h, 1f, hState, h, whh, h, 1f, pre, gh);
                    backend.Unary(kind == RnnCellKind.RnnRelu ? UnaryOp.Relu : UnaryOp.Tanh, new TensorView(gx, slot * gh, [n * gh], [1]), pre);
                    pre.CopyTo(hState);
                    break;
            }
            for (int j = 0; j < n; j++)
            {
                Array.Copy(state, j * h, packed, Row(t, order[j], plan, batchFirst) * width + d * h, h);
            }
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

    private static Tensor?[] Backward(RnnCellKind kind, Tensor g, Tensor x, Tensor xs, Tensor? h0, Tensor? c0, Weights[] directions, Tape[] tapes,
        int h, int inSize, bool batchFirst, RnnBatchPlan plan, Tensor[] inputs)
    {
        int dirs = directions.Length, batch = plan.Batch, total = plan.TotalRows;
        ReadOnlySpan<float> gp = Dense(g).ContiguousSpan;
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        bool aligned = plan.Aligned(batchFirst);
        // The input's gradient in the step-major layout, summed over directions; when aligned it is dx itself.
        Tensor? dx = null, dxs = null;
        if (x.RequiresGrad)
        {
            dx = aligned ? Tensor.Empty(x.Shape.ToArray()) : Tensor.Zeros(x.Shape.ToArray());
            dxs = aligned ? dx : Tensor.Empty([total, inSize]);
        }
        Tensor? dh0 = h0 is { RequiresGrad: true } ? Tensor.Empty([dirs, batch, h]) : null;
        Tensor? dc0 = c0 is { RequiresGrad: true } ? Tensor.Empty([dirs, batch, h]) : null;
        for (int d = 0; d < dirs; d++)
        {
            BackwardDirection(kind, gp, xs, directions[d], tapes[d], d, dirs, h, inSize, batchFirst, plan, dxs, dh0, dc0, grads);
        }
        if (dx is not null && !aligned)
        {
            ReadOnlySpan<float> src = dxs!.ContiguousSpan;
            Span<float> dst = dx.ContiguousSpan;
            for (int t = 0; t < plan.MaxLength; t++)
            {
                for (int j = 0; j < plan.Active[t]; j++)
                {
                    src.Slice((plan.Slot[t] + j) * inSize, inSize).CopyTo(dst.Slice(Row(t, plan.Order[j], plan, batchFirst) * inSize, inSize));
                }
            }
        }
        var result = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            Tensor input = inputs[i];
            if (input.RequiresGrad)
            {
                result[i] = ReferenceEquals(input, x) ? dx : ReferenceEquals(input, h0) ? dh0 : ReferenceEquals(input, c0) ? dc0 : grads.GetValueOrDefault(input);
            }
        }
        return result;
    }

    private static void BackwardDirection(RnnCellKind kind, ReadOnlySpan<float> gp, Tensor xs, Weights w, Tape tape, int d, int dirs, int h,
        int inSize, bool batchFirst, RnnBatchPlan plan, Tensor? dxs, Tensor? dh0, Tensor? dc0, Dictionary<Tensor, Tensor> grads)
    {
        IBackend backend = Tensor.Backend;
        int batch = plan.Batch, total = plan.TotalRows, width = dirs * h, gh = Gates(kind) * h;
        int outSize = plan.Steps * batch * width, stateSize = dirs * batch * h;
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
        // Pre-activation gradients of the recurrent projection (dGh) and of the input projection (dGx), step-major;
        // they are the same for the LSTM and the RNN, where both projections enter the gates as one sum.
        float[] dGh = GC.AllocateUninitializedArray<float>(total * gh);
        float[] dGx = gru ? GC.AllocateUninitializedArray<float>(total * gh) : dGh;
        float[] dh = GC.AllocateUninitializedArray<float>(batch * h);
        for (int s = plan.MaxLength - 1; s >= 0; s--)
        {
            int t = TimeAt(s, d, plan), n = plan.Active[t], slot = plan.Slot[t];
            if (n == 0)
            {
                continue;
            }
            Span<float> dhs = dh.AsSpan(0, n * h);
            for (int j = 0; j < n; j++)
            {
                TensorPrimitives.Add(dhCarry.AsSpan(j * h, h), gp.Slice(Row(t, order[j], plan, batchFirst) * width + d * h, h), dhs.Slice(j * h, h));
            }
            Span<float> dg = dGh.AsSpan(slot * gh, n * gh);
            Span<float> carry = dhCarry.AsSpan(0, n * h);
            switch (kind)
            {
                case RnnCellKind.Lstm:
                    backend.LstmCellBackward(tape.Acts.AsSpan(slot * gh, n * gh), tape.CPrev.AsSpan(slot * h, n * h), tape.Extra.AsSpan(slot * h, n * h),
                        dhs, dcCarry.AsSpan(0, n * h), dg, n, h);
                    backend.Gemm(false, false, n, h, gh, 1f, dg, gh, whh, h, 0f, carry, h);
                    break;
                case RnnCellKind.Gru:
                    backend.GruCellBackward(tape.Acts.AsSpan(slot * gh, n * gh), tape.Extra.AsSpan(slot * h, n * h), tape.HPrev.AsSpan(slot * h, n * h),
                        dhs, dGx.AsSpan(slot * gh, n * gh), dg, carry, n, h);
                    backend.Gemm(false, false, n, h, gh, 1f, dg, gh, whh, h, 1f, carry, h);
                    break;
                default:
                    var y = new TensorView(tape.Acts, slot * gh, [n * h], [1]);
                    var gy = new TensorView(dh, 0, [n * h], [1]);
                    backend.Binary(kind == RnnCellKind.RnnRelu ? BinaryOp.ReluBackward : BinaryOp.TanhBackward, y, gy, dg);
                    backend.Gemm(false, false, n, h, gh, 1f, dg, gh, whh, h, 0f, carry, h);
                    break;
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
        int ld = Math.Max(inSize, 1);
        if (w.WeightHh.RequiresGrad)
        {
            Tensor dWhh = Tensor.Empty([gh, h]);
            backend.Gemm(true, false, gh, h, total, 1f, dGh, gh, tape.HPrev, h, 0f, dWhh.ContiguousSpan, h);
            grads[w.WeightHh] = dWhh;
        }
        if (w.BiasHh is { RequiresGrad: true })
        {
            grads[w.BiasHh] = ColumnSums(dGh, total, gh);
        }
        if (w.BiasIh is { RequiresGrad: true })
        {
            grads[w.BiasIh] = ColumnSums(dGx, total, gh);
        }
        if (w.WeightIh.RequiresGrad)
        {
            Tensor dWih = Tensor.Empty([gh, inSize]);
            backend.Gemm(true, false, gh, inSize, total, 1f, dGx, gh, xs.ContiguousSpan, ld, 0f, dWih.ContiguousSpan, ld);
            grads[w.WeightIh] = dWih;
        }
        if (dxs is not null)
        {
            backend.Gemm(false, false, total, inSize, gh, 1f, dGx, gh, Dense(w.WeightIh).ContiguousSpan, ld, d == 0 ? 0f : 1f, dxs.ContiguousSpan, ld);
        }
    }

    private static Tensor ColumnSums(float[] rows, int count, int width)
    {
        Tensor sums = Tensor.Empty([width]);
        Tensor.Backend.SumMiddle(rows.AsSpan(0, count * width), 1, count, width, sums.ContiguousSpan);
        return sums;
    }

    /// <summary>The tensor itself when contiguous, else a contiguous copy outside the graph (for reading its elements).</summary>
    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.Materialize();
}
