namespace Taxon.Tuning.Storages;

/// <summary>One operation read from an <see cref="IJournalBackend"/>: its UTF-8 JSON text and its number in the log (a line number, a log index), for errors.</summary>
public readonly record struct JournalEntry(ReadOnlyMemory<byte> Operation, long Number);
