namespace Taxon;

/// <summary>
/// Walks the graph from a root tensor in reverse topological order, summing gradients that reach a node by
/// several paths and accumulating into the <see cref="Tensor.Grad"/> of leaves (PyTorch's autograd engine).
/// </summary>
internal static class BackwardEngine
{
    public static void Run(Tensor root, Tensor? gradient, bool retainGraph)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException(
                "Backward(): the tensor does not require grad and has no GradFn. Set RequiresGrad = true on a leaf " +
                "before computing it, and do not compute it inside Autograd.NoGrad().");
        }
        if (gradient is null)
        {
            if (root.NumElements != 1)
            {
                throw new InvalidOperationException(
                    $"Backward(): a gradient can be created implicitly only for a tensor with one element; this one has shape " +
                    $"{ShapeMath.Format(root.Shape)}. Pass the gradient of the output explicitly.");
            }
            gradient = Tensor.Full(root.Shape.ToArray(), 1f);
        }
        else if (!ShapeMath.SameShape(gradient.Shape, root.Shape))
        {
            throw new ArgumentException(
                $"Backward(): the gradient has shape {ShapeMath.Format(gradient.Shape)} but the tensor has shape {ShapeMath.Format(root.Shape)}.");
        }

        using var _ = Autograd.NoGrad();
        // Buffers already handed to a tensor's Grad in this pass, or owned by the caller: never handed out again.
        var handedOut = new HashSet<Storage>(ReferenceEqualityComparer.Instance) { gradient.Storage };
        if (root.GradFn is null)
        {
            Accumulate(root, gradient, handedOut);
            return;
        }

        List<Node> order = TopologicalOrder(root.GradFn);
        var grads = new Dictionary<Node, Tensor>(order.Count, ReferenceEqualityComparer.Instance) { [root.GradFn] = gradient };
        for (int n = order.Count - 1; n >= 0; n--)
        {
            Node node = order[n];
            if (!grads.Remove(node, out Tensor? gradOut))
            {
                continue;
            }
            if (node.Retained is { } retained)
            {
                Accumulate(retained, gradOut, handedOut);
            }
            Tensor[] inputs = node.Inputs;
            Tensor?[] inputGrads = node.Apply(gradOut);
            for (int i = 0; i < inputs.Length; i++)
            {
                Tensor input = inputs[i];
                Tensor? g = inputGrads[i];
                if (g is null || !input.RequiresGrad)
                {
                    continue;
                }
                if (!ShapeMath.SameShape(g.Shape, input.Shape))
                {
                    throw new InvalidOperationException(
                        $"Internal error in {node.Name}: gradient of shape {ShapeMath.Format(g.Shape)} for input {i} of shape {ShapeMath.Format(input.Shape)}.");
                }
                if (input.GradFn is { } fn)
                {
                    grads[fn] = grads.TryGetValue(fn, out Tensor? existing) ? existing.Add(g) : g;
                }
                else
                {
                    Accumulate(input, g, handedOut);
                }
            }
            if (!retainGraph)
            {
                node.Release();
            }
        }
    }

    private static void Accumulate(Tensor leaf, Tensor g, HashSet<Storage> handedOut)
    {
        if (leaf.Grad is not null)
        {
            leaf.Grad = leaf.Grad.Add(g);
            return;
        }
        // The user may modify Grad in place (clipping, optimisers), so it must own its buffer. A gradient computed in
        // this pass into a whole buffer of its own is taken as is; views, shared or caller-owned buffers are copied.
        bool owned = g.IsContiguous && g.Offset == 0 && g.Storage.Data.Length == g.NumElements && handedOut.Add(g.Storage);
        leaf.Grad = owned ? g : g.Clone();
    }

    /// <summary>Nodes in DFS post-order (inputs before consumers); iterative so deep graphs (long RNNs) cannot overflow the stack.</summary>
    private static List<Node> TopologicalOrder(Node root)
    {
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(Node Node, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            Tensor[] inputs = node.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((node, next + 1));
                if (inputs[next].GradFn is { } child && visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }
}
