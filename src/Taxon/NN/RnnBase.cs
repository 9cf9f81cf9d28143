using System.Globalization;

namespace Taxon.NN;

/// <summary>
/// What <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> share (PyTorch: <c>torch.nn.RNNBase</c>): PyTorch's
/// parameter names and layouts (<c>weight_ih_l{k}</c> [gates·hidden, input], <c>weight_hh_l{k}</c> [gates·hidden, hidden],
/// <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, with <c>_reverse</c> for the backward direction), every parameter initialised
/// U(−1/√hidden, 1/√hidden), stacked layers with dropout between them in training, both directions, batch_first, an
/// optional initial state and right-padded batches of variable length (<see cref="SequenceLengths"/>).
/// </summary>
/// <remarks>
/// With lengths, each sequence's padded steps neither read nor change its state: h_n holds the state after the
/// sequence's own last step, the reverse direction starts at that step, and the output is zero at padded positions
/// (PyTorch: <c>pack_padded_sequence</c>, the module, then <c>pad_packed_sequence(total_length=T)</c>). The output keeps
/// the input's T steps. A sequence of length 0 gives zero outputs and h_n = h_0.
/// </remarks>
/// <typeparam name="TState">The hidden state: a tensor, or for the LSTM the pair (h, c).</typeparam>
public abstract class RnnBase<TState> : Module<Tensor, (Tensor Output, TState Hidden)>
{
    private readonly RnnSequence.Weights[][] _layers;
    private readonly Generator? _generator;
    private readonly RnnCellKind _kind;
    private readonly string _name;

    private protected RnnBase(RnnCellKind kind, string name, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        float dropout, bool bidirectional, Generator? generator)
    {
        if (inputSize < 0 || hiddenSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize),
                $"{name}: input_size must be non-negative and hidden_size positive, got input_size {inputSize} and hidden_size {hiddenSize}.");
        }
        if (numLayers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, $"{name}: num_layers must be positive.");
        }
        if (!(dropout is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{name}: dropout must be a probability between 0 and 1.");
        }
        _kind = kind;
        _name = name;
        _generator = generator;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        int gates = RnnSequence.Gates(kind) * hiddenSize, dirs = NumDirections;
        _layers = new RnnSequence.Weights[numLayers][];
        for (int l = 0; l < numLayers; l++)
        {
            _layers[l] = new RnnSequence.Weights[dirs];
            int layerInput = l == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++)
            {
                string suffix = string.Create(CultureInfo.InvariantCulture, $"_l{l}{(d == 1 ? "_reverse" : "")}");
                Tensor wih = RegisterParameter("weight_ih" + suffix, Tensor.Zeros(gates, layerInput));
                Tensor whh = RegisterParameter("weight_hh" + suffix, Tensor.Zeros(gates, hiddenSize));
                Tensor? bih = bias ? RegisterParameter("bias_ih" + suffix, Tensor.Zeros(gates)) : null;
                Tensor? bhh = bias ? RegisterParameter("bias_hh" + suffix, Tensor.Zeros(gates)) : null;
                _layers[l][d] = new RnnSequence.Weights(wih, whh, bih, bhh);
            }
        }
        ResetParameters();
    }

    /// <summary>Features of each input step (PyTorch: <c>input_size</c>).</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state (PyTorch: <c>hidden_size</c>).</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers (PyTorch: <c>num_layers</c>).</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases b_ih and b_hh (PyTorch: <c>bias</c>).</summary>
    public bool Bias { get; }

    /// <summary>Whether input and output are [batch, time, features] rather than [time, batch, features] (PyTorch: <c>batch_first</c>).</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability on the outputs of every layer but the last, in training (PyTorch: <c>dropout</c>).</summary>
    public float Dropout { get; }

    /// <summary>Whether each layer also runs backwards in time, its output concatenated to the forward one (PyTorch: <c>bidirectional</c>).</summary>
    public bool Bidirectional { get; }

    /// <summary>2 when bidirectional, else 1.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>
    /// The parameters per layer and direction (layer-major, forward before reverse), each as [weight_ih, weight_hh,
    /// bias_ih, bias_hh] or the two weights without bias (PyTorch: <c>all_weights</c>).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Tensor>> AllWeights
    {
        get
        {
            var all = new List<IReadOnlyList<Tensor>>();
            foreach (RnnSequence.Weights[] layer in _layers)
            {
                foreach (RnnSequence.Weights w in layer)
                {
                    all.Add(w.BiasIh is null || w.BiasHh is null ? [w.WeightIh, w.WeightHh] : [w.WeightIh, w.WeightHh, w.BiasIh, w.BiasHh]);
                }
            }
            return all;
        }
    }

    /// <summary>Draws every parameter again from U(−1/√hidden, 1/√hidden) (PyTorch: <c>reset_parameters</c>).</summary>
    public void ResetParameters()
    {
        float bound = 1f / MathF.Sqrt(HiddenSize);
        foreach (Tensor p in Parameters())
        {
            Init.Uniform_(p, -bound, bound, _generator);
        }
    }

    /// <summary>Runs every layer; h0 and c0 are [layers·directions, B, H] (or [layers·directions, H] for an unbatched input).</summary>
    private protected (Tensor Output, Tensor HN, Tensor? CN) Run(Tensor input, Tensor? h0, Tensor? c0, SequenceLengths? lengths)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (2 or 3))
        {
            throw new ArgumentException(
                $"{_name}: expected a 3-D input {(BatchFirst ? "[batch, time, input_size]" : "[time, batch, input_size]")} or a 2-D unbatched one [time, input_size], got shape {ShapeMath.Format(input.Shape)}.");
        }
        if (input.Shape[^1] != InputSize)
        {
            throw new ArgumentException($"{_name}: the input of shape {ShapeMath.Format(input.Shape)} has {input.Shape[^1]} features but input_size is {InputSize}.");
        }
        int dirs = NumDirections, stack = NumLayers * dirs;
        bool unbatched = input.Dim == 2;
        if (unbatched)
        {
            if (lengths is not null)
            {
                throw new ArgumentException($"{_name}: lengths need a batched (3-D) input; an unbatched input of shape {ShapeMath.Format(input.Shape)} is one full sequence.");
            }
            CheckState(h0, "h0", [stack, HiddenSize]);
            CheckState(c0, "c0", [stack, HiddenSize]);
            input = input.Unsqueeze(BatchFirst ? 0 : 1);
            h0 = h0?.Unsqueeze(1);
            c0 = c0?.Unsqueeze(1);
        }
        int batch = BatchFirst ? input.Shape[0] : input.Shape[1], steps = BatchFirst ? input.Shape[1] : input.Shape[0];
        CheckState(h0, "h0", [stack, batch, HiddenSize]);
        CheckState(c0, "c0", [stack, batch, HiddenSize]);
        RnnBatchPlan plan = RnnBatchPlan.Create(batch, steps, lengths, _name);

        Tensor x = input;
        var hn = new List<Tensor>(NumLayers);
        var cn = new List<Tensor>(NumLayers);
        for (int l = 0; l < NumLayers; l++)
        {
            if (l > 0 && IsTraining && Dropout > 0f)
            {
                x = Functional.Dropout(x, Dropout, _generator);
            }
            Tensor? h0l = h0?.Narrow(0, l * dirs, dirs), c0l = c0?.Narrow(0, l * dirs, dirs);
            var (output, h, c) = RnnSequence.Forward(_kind, x, h0l, c0l, _layers[l], HiddenSize, BatchFirst, plan);
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
            x = x.Squeeze(BatchFirst ? 0 : 1);
            hAll = hAll.Squeeze(1);
            cAll = cAll?.Squeeze(1);
        }
        return (x, hAll, cAll);
    }

    private void CheckState(Tensor? state, string name, int[] expected)
    {
        if (state is not null && !ShapeMath.SameShape(state.Shape, expected))
        {
            throw new ArgumentException(
                $"{_name}: {name} has shape {ShapeMath.Format(state.Shape)} but must be {ShapeMath.Format(expected)} ([num_layers·num_directions, batch, hidden_size]).");
        }
    }

    /// <inheritdoc />
    protected override string ExtraRepr()
    {
        var sb = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{InputSize}, {HiddenSize}"));
        if (NumLayers != 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $", num_layers={NumLayers}");
        }
        if (!Bias)
        {
            sb.Append(", bias=False");
        }
        if (BatchFirst)
        {
            sb.Append(", batch_first=True");
        }
        if (Dropout != 0f)
        {
            sb.Append(CultureInfo.InvariantCulture, $", dropout={Dropout}");
        }
        if (Bidirectional)
        {
            sb.Append(", bidirectional=True");
        }
        return sb.ToString();
    }
}
