using System.Diagnostics.CodeAnalysis;

// The lead fixed the namespace name for the card interface layer; "Interface" is a keyword only in VB.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Casd.Card.Interface", Justification = "Namespace name chosen by the architecture; C# and F# consumers are unaffected.")]
