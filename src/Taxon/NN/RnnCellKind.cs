namespace Taxon.NN;

/// <summary>The recurrent cells <see cref="RnnSequence"/> runs.</summary>
internal enum RnnCellKind
{
    /// <summary>h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    RnnTanh,
    /// <summary>h' = relu(W_ih x + b_ih + W_hh h + b_hh).</summary>
    RnnRelu,
    /// <summary>LSTM, gates i, f, g, o.</summary>
    Lstm,
    /// <summary>GRU, gates r, z, n.</summary>
    Gru,
}
