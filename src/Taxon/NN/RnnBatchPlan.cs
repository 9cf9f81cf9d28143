namespace Taxon.NN;

/// <summary>
/// How a padded batch is stepped through: sequences sorted by decreasing length (stably), so the sequences still
/// running at step t are always the first <see cref="Active"/>[t] of that order and each step's GEMM covers exactly
/// them, as PyTorch's packed sequences do; padded steps cost nothing and cannot touch the state.
/// </summary>
internal sealed class RnnBatchPlan
{
    private RnnBatchPlan(int batch, int steps, int[] order, int[] active, int maxLength, bool padded)
    {
        Batch = batch;
        Steps = steps;
        Order = order;
        Active = active;
        MaxLength = maxLength;
        Padded = padded;
        Slot = new int[steps + 1];
        for (int t = 0; t < steps; t++)
        {
            Slot[t + 1] = Slot[t] + active[t];
        }
    }

    /// <summary>Sequences in the batch.</summary>
    public int Batch { get; }

    /// <summary>Time steps of the padded input.</summary>
    public int Steps { get; }

    /// <summary>Order[j] is the batch index of the j-th longest sequence.</summary>
    public int[] Order { get; }

    /// <summary>Active[t] is the number of sequences longer than t.</summary>
    public int[] Active { get; }

    /// <summary>The longest length; steps from here on are padding for every sequence.</summary>
    public int MaxLength { get; }

    /// <summary>Whether some sequence is shorter than <see cref="Steps"/> (its padded outputs must be zero).</summary>
    public bool Padded { get; }

    /// <summary>
    /// Slot[t] is the first of step t's rows in the step-major layout the layers compute in (row Slot[t] + j holds
    /// sequence Order[j] at time t); the same for both directions, so they share gathered inputs and gradients.
    /// </summary>
    public int[] Slot { get; }

    /// <summary>Σ Active[t]: the rows all steps process together.</summary>
    public int TotalRows => Slot[Steps];

    /// <summary>
    /// Whether the step-major layout is the input's own row order (time-major, nothing padded, so the order is the
    /// identity): inputs and their gradients are then used in place instead of gathered and scattered.
    /// </summary>
    public bool Aligned(bool batchFirst) => !Padded && (!batchFirst || Batch <= 1 || Steps <= 1);

    public static RnnBatchPlan Create(int batch, int steps, SequenceLengths? lengths, string op)
    {
        var order = new int[batch];
        var active = new int[steps];
        for (int b = 0; b < batch; b++)
        {
            order[b] = b;
        }
        if (lengths is null)
        {
            Array.Fill(active, batch);
            return new RnnBatchPlan(batch, steps, order, active, batch == 0 ? 0 : steps, padded: false);
        }
        if (lengths.Count != batch)
        {
            throw new ArgumentException($"{op}: {lengths.Count} lengths were given for a batch of {batch} sequences.");
        }
        int max = 0;
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            if (length > steps)
            {
                throw new ArgumentException($"{op}: sequence {b} has length {length} but the input has only {steps} time steps.");
            }
            max = Math.Max(max, length);
            for (int t = 0; t < length; t++)
            {
                active[t]++;
            }
        }
        int[] keys = lengths.Values.ToArray();
        // A stable sort: equal lengths keep batch order, so the result does not depend on the sort's tie-breaking.
        order = [.. order.OrderByDescending(b => keys[b])];
        bool padded = false;
        foreach (int k in keys)
        {
            padded |= k < steps;
        }
        return new RnnBatchPlan(batch, steps, order, active, max, padded);
    }
}
