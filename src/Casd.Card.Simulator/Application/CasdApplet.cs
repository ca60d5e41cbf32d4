using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The CASD application (docs/card-interface.md): SELECT and the table of its instructions, each
/// handed to the room that owns its concern. Data objects: <see cref="DataObjectCommands"/>; finger
/// references: <see cref="BiometricCommands"/>; the card key: <see cref="KeyCommands"/>; signing:
/// <see cref="LoginSigning"/>; the lifecycle: <see cref="LifecycleCommands"/>; who may do what:
/// <see cref="AccessRules"/>; what is stored where: <see cref="AppletRecords"/> and <see cref="NvmLayout"/>.
/// </summary>
internal sealed class CasdApplet
{
    private readonly AppletRecords _records;
    private readonly ApplicationFci _fci;
    private readonly DataObjectCommands _dataObjects;
    private readonly BiometricCommands _biometrics;
    private readonly KeyCommands _keys;
    private readonly LoginSigning _signing;
    private readonly LifecycleCommands _lifecycle;

    public CasdApplet(NonVolatileMemory nvm, SimulatedCardOptions options)
    {
        _records = new AppletRecords(nvm);
        var rules = new AccessRules(options.EnforceChannelAccessRules);
        var biometricObjects = new BiometricObjects(_records);
        _fci = new ApplicationFci(_records, biometricObjects);
        _keys = new KeyCommands(_records, rules);
        _dataObjects = new DataObjectCommands(_records, rules, _keys, biometricObjects);
        _biometrics = new BiometricCommands(_records, rules, options.Matcher ?? ElasticMatcher.Instance);
        _signing = new LoginSigning(_records, rules);
        _lifecycle = new LifecycleCommands(_records, rules);
    }

    /// <summary>Gets the lifecycle state.</summary>
    public CardLifecycleState Lifecycle => _records.Lifecycle;

    /// <summary>Reloads the volatile copies of the records after power-up.</summary>
    public void Load() => _records.Load();

    /// <summary>SELECT by AID (P1 '04'), with the FCI (P2 '00') or without (P2 '0C').</summary>
    /// <param name="command">The command.</param>
    /// <returns>The answer.</returns>
    public CardResponse Select(CommandApdu command)
    {
        if (command.P1 != 0x04 || command.P2 is not (0x00 or 0x0C))
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (!command.Data.Span.SequenceEqual(CasdCardInterface.Aid))
        {
            return CardResponse.Status(Sw.FileNotFound);
        }

        return command.P2 == 0x0C ? CardResponse.Ok() : CardResponse.Ok(_fci.Encode());
    }

    /// <summary>Runs one plain command of the selected application.</summary>
    /// <param name="command">The command, unwrapped and reassembled by the card OS.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse Process(CommandApdu command, CardSecurityStatus status) => command.Ins switch
    {
        Ins.GetData => _dataObjects.GetData(command, status),
        Ins.PutData => _dataObjects.PutData(command, status),
        Ins.Verify => _biometrics.Verify(command, status),
        Ins.ChangeReferenceData => _biometrics.ChangeReferenceData(command, status),
        Ins.ResetRetryCounter => _biometrics.ResetRetryCounter(command, status),
        Ins.GenerateKeyPair => _keys.GenerateKeyPair(command, status),
        Ins.GeneralAuthenticate => _signing.GeneralAuthenticate(command, status),
        Ins.Activate => _lifecycle.Activate(command, status),
        Ins.Deactivate => _lifecycle.Deactivate(command, status),
        Ins.Terminate => _lifecycle.Terminate(command, status),
        Ins.Erase => _lifecycle.ErasePersonalisation(command, status),
        _ => CardResponse.Status(Sw.InstructionNotSupported),
    };
}
