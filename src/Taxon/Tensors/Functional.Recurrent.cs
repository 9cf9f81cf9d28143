using System.Globalization;
using Taxon.NN;

namespace Taxon;

public static partial class Functional
{
    /// <summary>
    /// A multi-layer Elman RNN with explicit weights (PyTorch: <c>torch._VF.rnn_tanh</c>/<c>rnn_relu</c>, what
    /// <c>nn.RNN.forward</c> calls). <paramref name="weights"/> is the flat list in PyTorch's order: per layer, per
    /// direction, weight_ih [H, in], weight_hh [H, H] and, with biases, bias_ih and bias_hh [H]. See
    /// <see cref="Lstm"/> for the shapes of input, state and lengths.
    /// </summary>
    /// <exception cref="ArgumentException">A shape, the weight count or the lengths do not fit; the message names them.</exception>
    public static (Tensor Output, Tensor Hidden) Rnn(Tensor input, Tensor? hx, IReadOnlyList<Tensor> weights, int numLayers = 1,
        Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bidirectional = false, bool batchFirst = false, float dropout = 0f,
        bool training = false, SequenceLengths? lengths = null, Generator? generator = null)
    {
        RnnCellKind kind = nonlinearity switch
        {
            Nonlinearity.Tanh => RnnCellKind.RnnTanh,
            Nonlinearity.Relu => RnnCellKind.RnnRelu,
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Rnn: the nonlinearity must be Tanh or Relu."),
        };
        var (output, h, _) = Recurrent(kind, "Rnn", input, hx, null, weights, numLayers, bidirectional, batchFirst, dropout, training, lengths, generator);
        return (output, h);
    }

    /// <summary>
    /// A multi-layer LSTM with explicit weights (PyTorch: <c>torch._VF.lstm</c>, what <c>nn.LSTM.forward</c> calls).
    /// input is [T, B, in] ([B, T, in] when <paramref name="batchFirst"/>) or an unbatched [T, in]; <paramref name="hx"/>
    /// is (h_0, c_0), each [layers·directions, B, H], or null for zeros; <paramref name="weights"/> is the flat list in
    /// PyTorch's order: per layer, per direction, weight_ih [4H, in], weight_hh [4H, H] and, with biases, bias_ih and
    /// bias_hh [4H] (gates i, f, g, o). <paramref name="lengths"/> gives each sequence's length in a right-padded batch:
    /// padded steps neither read nor change the state, the reverse direction starts at each sequence's own last step,
    /// and the output is zero there (PyTorch: a packed sequence, then <c>pad_packed_sequence(total_length=T)</c>).
    /// Dropout with probability <paramref name="dropout"/> is applied between layers when <paramref name="training"/>.
    /// Returns the last layer's output [T, B, directions·H] and (h_n, c_n), each [layers·directions, B, H].
    /// </summary>
    /// <exception cref="ArgumentException">A shape, the weight count or the lengths do not fit; the message names them.</exception>
    public static (Tensor Output, (Tensor H, Tensor C) Hidden) Lstm(Tensor input, (Tensor H, Tensor C)? hx, IReadOnlyList<Tensor> weights,
        int numLayers = 1, bool bidirectional = false, bool batchFirst = false, float dropout = 0f, bool training = false,
        SequenceLengths? lengths = null, Generator? generator = null)
    {
        var (output, h, c) = Recurrent(RnnCellKind.Lstm, "Lstm", input, hx?.H, hx?.C, weights, numLayers, bidirectional, batchFirst, dropout,
            training, lengths, generator);
        return (output, (h, c!));
    }

    /// <summary>
    /// A multi-layer GRU with explicit weights in PyTorch's form, n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))
    /// (PyTorch: <c>torch._VF.gru</c>, what <c>nn.GRU.forward</c> calls). <paramref name="weights"/> is the flat list in
    /// PyTorch's order: per layer, per direction, weight_ih [3H, in], weight_hh [3H, H] and, with biases, bias_ih and
    /// bias_hh [3H] (gates r, z, n). See <see cref="Lstm"/> for the shapes of input, state and lengths.
    /// </summary>
    /// <exception cref="ArgumentException">A shape, the weight count or the lengths do not fit; the message names them.</exception>
    public static (Tensor Output, Tensor Hidden) Gru(Tensor input, Tensor? hx, IReadOnlyList<Tensor> weights, int numLayers = 1,
        bool bidirectional = false, bool batchFirst = false, float dropout = 0f, bool training = false, SequenceLengths? lengths = null,
        Generator? generator = null)
    {
        var (output, h, _) = Recurrent(RnnCellKind.Gru, "Gru", input, hx, null, weights, numLayers, bidirectional, batchFirst, dropout, training,
            lengths, generator);
        return (output, h);
    }

    /// <summary>Stacks the layers; h0 and c0 are [layers·directions, B, H] (or [layers·directions, H] for an unbatched input).</summary>
    private static (Tensor Output, Tensor HN, Tensor? CN) Recurrent(RnnCellKind kind, string op, Tensor input, Tensor? h0, Tensor? c0,
        IReadOnlyList<Tensor> weights, int numLayers, bool bidirectional, bool batchFirst, float dropout, bool training, SequenceLengths? lengths,
        Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        if (input.Dim is not (2 or 3))
        {
            throw new ArgumentException(
                $"{op}: expected a 3-D input {(batchFirst ? "[batch, time, input_size]" : "[time, batch, input_size]")} or a 2-D unbatched one [time, input_size], got shape {ShapeMath.Format(input.Shape)}.");
        }
        if (kind == RnnCellKind.Lstm && (h0 is null) != (c0 is null))
        {
            throw new ArgumentException($"{op}: give both h0 and c0, or neither.");
        }
        if (!(dropout is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{op}: dropout must be a probability between 0 and 1.");
        }
        int dirs = bidirectional ? 2 : 1;
        RnnSequence.Weights[][] layers = SplitWeights(kind, op, weights, numLayers, dirs, out int hidden);
        int inputSize = layers[0][0].WeightIh.Shape[1];
        if (input.Shape[^1] != inputSize)
        {
            throw new ArgumentException($"{op}: the input of shape {ShapeMath.Format(input.Shape)} has {input.Shape[^1]} features but input_size is {inputSize}.");
        }
        int stack = numLayers * dirs;
        bool unbatched = input.Dim == 2;
        if (unbatched)
        {
            if (lengths is not null)
            {
                throw new ArgumentException($"{op}: lengths need a batched (3-D) input; an unbatched input of shape {ShapeMath.Format(input.Shape)} is one full sequence.");
            }
            CheckState(op, h0, "h0", [stack, hidden]);
            CheckState(op, c0, "c0", [stack, hidden]);
            input = input.Unsqueeze(batchFirst ? 0 : 1);
            h0 = h0?.Unsqueeze(1);
            c0 = c0?.Unsqueeze(1);
        }
        int batch = batchFirst ? input.Shape[0] : input.Shape[1], steps = batchFirst ? input.Shape[1] : input.Shape[0];
        CheckState(op, h0, "h0", [stack, batch, hidden]);
        CheckState(op, c0, "c0", [stack, batch, hidden]);
        RnnBatchPlan plan = RnnBatchPlan.Create(batch, steps, lengths, op);

        Tensor x = input;
        var hn = new List<Tensor>(numLayers);
        var cn = new List<Tensor>(numLayers);
        for (int l = 0; l < numLayers; l++)
        {
            if (l > 0 && training && dropout > 0f)
            {
                x = Dropout(x, dropout, generator);
            }
            Tensor? h0l = h0?.Narrow(0, l * dirs, dirs), c0l = c0?.Narrow(0, l * dirs, dirs);
            var (output, h, c) = RnnSequence.Forward(kind, x, h0l, c0l, layers[l], hidden, batchFirst, plan);
            x = output;
            hn.Add(h);
            if (c is not null)
            {
                cn.Add(c);
            }
        }
        Tensor hAll = hn.Count == 1 ? hn[0] : Tensor.Cat(hn, 0);
        Tensor? cAll = cn.Count == 0 ? null : cn.Count == 1 ? cn[0] : Tensor.Cat(cn, 0);
        if (unbatched)
        {
            x = x.Squeeze(batchFirst ? 0 : 1);
            hAll = hAll.Squeeze(1);
            cAll = cAll?.Squeeze(1);
        }
        return (x, hAll, cAll);
    }

    /// <summary>Checks the flat weight list against PyTorch's layout and groups it by layer and direction.</summary>
    private static RnnSequence.Weights[][] SplitWeights(RnnCellKind kind, string op, IReadOnlyList<Tensor> weights, int numLayers, int dirs,
        out int hidden)
    {
        if (numLayers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, $"{op}: num_layers must be positive.");
        }
        int groups = numLayers * dirs;
        if (weights.Count != groups * 4 && weights.Count != groups * 2)
        {
            throw new ArgumentException(
                $"{op}: expected {groups * 4} weights (weight_ih, weight_hh, bias_ih, bias_hh for each of {numLayers} layer(s) × {dirs} direction(s)) or {groups * 2} without biases, got {weights.Count}.");
        }
        int per = weights.Count / groups;
        if (weights[1].Dim != 2 || weights[1].Shape[1] <= 0 || weights[0].Dim != 2)
        {
            throw new ArgumentException(
                $"{op}: weight_ih_l0 and weight_hh_l0 must be [gates·hidden_size, input_size] and [gates·hidden_size, hidden_size], got shapes {ShapeMath.Format(weights[0].Shape)} and {ShapeMath.Format(weights[1].Shape)}.");
        }
        hidden = weights[1].Shape[1];
        int inputSize = weights[0].Shape[1];
        int gates = RnnSequence.Gates(kind) * hidden;
        var layers = new RnnSequence.Weights[numLayers][];
        for (int l = 0; l < numLayers; l++)
        {
            layers[l] = new RnnSequence.Weights[dirs];
            int layerInput = l == 0 ? inputSize : hidden * dirs;
            for (int d = 0; d < dirs; d++)
            {
                int at = (l * dirs + d) * per;
                string suffix = string.Create(CultureInfo.InvariantCulture, $"_l{l}{(d == 1 ? "_reverse" : "")}");
                Tensor wih = CheckWeight(op, weights[at], "weight_ih" + suffix, [gates, layerInput]);
                Tensor whh = CheckWeight(op, weights[at + 1], "weight_hh" + suffix, [gates, hidden]);
                Tensor? bih = per == 4 ? CheckWeight(op, weights[at + 2], "bias_ih" + suffix, [gates]) : null;
                Tensor? bhh = per == 4 ? CheckWeight(op, weights[at + 3], "bias_hh" + suffix, [gates]) : null;
                layers[l][d] = new RnnSequence.Weights(wih, whh, bih, bhh);
            }
        }
        return layers;
    }

    private static Tensor CheckWeight(string op, Tensor weight, string name, int[] expected)
    {
        ArgumentNullException.ThrowIfNull(weight, name);
        if (!ShapeMath.SameShape(weight.Shape, expected))
        {
            throw new ArgumentException($"{op}: {name} has shape {ShapeMath.Format(weight.Shape)} but must be {ShapeMath.Format(expected)}.");
        }
        return weight;
    }

    private static void CheckState(string op, Tensor? state, string name, int[] expected)
    {
        if (state is not null && !ShapeMath.SameShape(state.Shape, expected))
        {
            throw new ArgumentException(
                $"{op}: {name} has shape {ShapeMath.Format(state.Shape)} but must be {ShapeMath.Format(expected)} ([num_layers·num_directions, batch, hidden_size]).");
        }
    }
}
