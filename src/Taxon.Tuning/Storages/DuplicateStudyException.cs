namespace Taxon.Tuning.Storages;

/// <summary>A study with the requested name already exists (Optuna: <c>DuplicatedStudyError</c>).</summary>
public sealed class DuplicateStudyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateStudyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DuplicateStudyException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public DuplicateStudyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
