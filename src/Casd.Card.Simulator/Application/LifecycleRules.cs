using Casd.Card.Interface;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The application's lifecycle (docs/card-interface.md; ISO/IEC 7816-4 LCS coding): which state
/// accepts which commands and which transitions exist. Personalisation → issued (ACTIVATE, once
/// complete) ⇄ blocked (DEACTIVATE, ACTIVATE) → terminated (TERMINATE, from any state, for good).
/// </summary>
internal static class LifecycleRules
{
    /// <summary>PUT DATA, CHANGE REFERENCE DATA, GENERATE ASYMMETRIC KEY PAIR and DELETE FILE: only while the desk personalises.</summary>
    /// <param name="state">The current state.</param>
    /// <returns><see langword="true"/> when accepted.</returns>
    public static bool AcceptsPersonalisation(CardLifecycleState state) => state == CardLifecycleState.Personalisation;

    /// <summary>VERIFY and RESET RETRY COUNTER: the desk's test match during personalisation, the holder's logins once issued.</summary>
    /// <param name="state">The current state.</param>
    /// <returns><see langword="true"/> when accepted.</returns>
    public static bool AcceptsVerification(CardLifecycleState state) => state is CardLifecycleState.Personalisation or CardLifecycleState.Issued;

    /// <summary>GENERAL AUTHENTICATE: only an issued card signs; a card under personalisation holds a test verification at most.</summary>
    /// <param name="state">The current state.</param>
    /// <returns><see langword="true"/> when accepted.</returns>
    public static bool AcceptsSignature(CardLifecycleState state) => state == CardLifecycleState.Issued;

    /// <summary>ACTIVATE FILE: personalisation (once complete) or blocked to issued.</summary>
    /// <param name="state">The current state.</param>
    /// <returns><see langword="true"/> when the transition exists.</returns>
    public static bool CanActivate(CardLifecycleState state) => state is CardLifecycleState.Personalisation or CardLifecycleState.Blocked;

    /// <summary>DEACTIVATE FILE: issued to blocked.</summary>
    /// <param name="state">The current state.</param>
    /// <returns><see langword="true"/> when the transition exists.</returns>
    public static bool CanDeactivate(CardLifecycleState state) => state == CardLifecycleState.Issued;

    /// <summary>TERMINATE CARD USAGE: from any state but terminated.</summary>
    /// <param name="state">The current state.</param>
    /// <returns><see langword="true"/> when the transition exists.</returns>
    public static bool CanTerminate(CardLifecycleState state) => state != CardLifecycleState.Terminated;
}
