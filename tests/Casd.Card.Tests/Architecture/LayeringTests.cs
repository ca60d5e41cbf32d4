using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Casd.Card.Iso7816;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Casd.Card.Tests.Architecture;

/// <summary>
/// The direction of the layers (docs/architecture.md), checked on the compiled assembly: data
/// flows down from the application through biometrics and the secure channel to ISO 7816 and
/// the transport, and no layer reaches upwards or around the one below it.
/// </summary>
public class LayeringTests
{
    private const string Application = "Casd.Card";
    private const string Enrolment = "Casd.Card.Enrolment";
    private const string RemoteAccess = "Casd.Card.RemoteAccess";
    private const string Interface = "Casd.Card.Interface";
    private const string Biometrics = "Casd.Card.Biometrics";
    private const string SecureChannel = "Casd.Card.SecureChannel";
    private const string Iso7816 = "Casd.Card.Iso7816";
    private const string Transport = "Casd.Card.Transport";
    private const string Pcsc = "Casd.Card.Pcsc";

    private static readonly ArchUnitNET.Domain.Architecture Library =
        new ArchLoader().LoadAssemblies(typeof(CommandApdu).Assembly).Build();

    public static TheoryData<string, string> ForbiddenDependencies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (layer, forbidden) in Direct)
            {
                data.Add(layer, forbidden);
            }

            // The workflows are application layer: nothing below them may use them.
            foreach (var lower in new[] { Transport, Iso7816, SecureChannel, Biometrics, Interface, Pcsc })
            {
                data.Add(lower, Enrolment);
                data.Add(lower, RemoteAccess);
            }

            // The workflows reach the card only through CasdCard and their channels only through
            // ICardChannelFactory: no APDUs, transports or secure-channel types of their own.
            foreach (var workflow in new[] { Enrolment, RemoteAccess })
            {
                data.Add(workflow, Iso7816);
                data.Add(workflow, Transport);
                data.Add(workflow, SecureChannel);
                data.Add(workflow, Pcsc);
            }

            return data;
        }
    }

    private static readonly (string Layer, string Forbidden)[] Direct =
    [
        (Transport, Iso7816),
        (Transport, SecureChannel),
        (Transport, Biometrics),
        (Transport, Interface),
        (Transport, Application),
        (Transport, Pcsc),
        (Iso7816, SecureChannel),
        (Iso7816, Biometrics),
        (Iso7816, Interface),
        (Iso7816, Application),
        (Iso7816, Pcsc),
        (SecureChannel, Biometrics),
        (SecureChannel, Interface),
        (SecureChannel, Application),
        (SecureChannel, Pcsc),
        (Biometrics, SecureChannel),
        (Biometrics, Interface),
        (Biometrics, Application),
        (Biometrics, Pcsc),
        (Interface, Application),
        (Interface, Pcsc),
        (Pcsc, Iso7816),
        (Pcsc, SecureChannel),
        (Pcsc, Biometrics),
        (Pcsc, Interface),
        (Pcsc, Application),
    ];

    [Theory]
    [MemberData(nameof(ForbiddenDependencies))]
    public void A_layer_does_not_depend_on_a_layer_it_must_not_reach(string layer, string forbidden)
    {
        IArchRule rule = Types().That().ResideInNamespace(layer)
            .Should().NotDependOnAny(Types().That().ResideInNamespace(forbidden))
            .Because($"{layer} sits where docs/architecture.md puts it and must not reach {forbidden}")
            .WithoutRequiringPositiveResults();
        rule.Check(Library);
    }

    [Fact]
    public void The_rule_engine_sees_the_layers_that_exist()
    {
        // Guards against a rule set that passes because it loaded nothing.
        var namespaces = Library.Types.Select(t => t.Namespace.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(Iso7816, namespaces);
        Assert.Contains(Transport, namespaces);
        Assert.Contains(SecureChannel, namespaces);
        Assert.Contains(Pcsc, namespaces);
        Assert.Contains(Application, namespaces);
        Assert.Contains(Enrolment, namespaces);
        Assert.Contains(RemoteAccess, namespaces);
        Assert.Contains(Biometrics, namespaces);
    }

    [Fact]
    public void The_secure_channel_reaches_only_the_iso7816_and_transport_abstractions()
    {
        // It stacks on any IApduTransmitter; the PC/SC binding and the workflows stay out of it.
        IArchRule rule = Types().That().ResideInNamespace(SecureChannel)
            .Should().NotDependOnAny(Types().That().ResideInNamespace(Pcsc)
                .Or().ResideInNamespace(Enrolment).Or().ResideInNamespace(RemoteAccess)
                .Or().ResideInNamespace(Biometrics).Or().ResideInNamespace(Interface).Or().ResideInNamespace(Application))
            .Because("the secure channel sits between the application and ISO 7816 (docs/architecture.md)");
        rule.Check(Library);
    }

    [Fact]
    public void The_secure_channel_factory_reaches_only_the_channels_and_the_workflows_never_name_it()
    {
        // Decision 0070: the workflows see ICardChannelFactory only; the factory is the one
        // application type that opens SCP03/SCP11b, and it knows no transport implementation.
        IArchRule factory = Types().That().HaveFullName("Casd.Card.SecureChannelFactory")
            .Should().NotDependOnAny(Types().That().ResideInNamespace(Pcsc)
                .Or().ResideInNamespace(Enrolment).Or().ResideInNamespace(RemoteAccess).Or().ResideInNamespace(Biometrics))
            .Because("the channel factory sits between the workflows and the secure-channel layer");
        factory.Check(Library);

        IArchRule workflows = Types().That().ResideInNamespace(Enrolment).Or().ResideInNamespace(RemoteAccess)
            .Should().NotDependOnAny(Types().That().HaveFullName("Casd.Card.SecureChannelFactory").Or().HaveFullName("Casd.Card.SecureChannelFactoryOptions"))
            .Because("a workflow gets its channel through CasdCard and ICardChannelFactory, so a desk or client can plug in another factory");
        workflows.Check(Library);
    }

    [Fact]
    public void Only_the_pcsc_binding_touches_the_native_pcsc_entry_points()
    {
        IArchRule rule = Types().That().DoNotResideInNamespace(Pcsc).And().DoNotResideInNamespace(Pcsc + ".Native")
            .Should().NotDependOnAny(Types().That().ResideInNamespace(Pcsc + ".Native"))
            .Because("platform types and entry points stay behind the IPcscApi seam");
        rule.Check(Library);
    }

    [Fact]
    public void A_workflow_that_reached_the_apdu_layer_would_be_caught()
    {
        // CasdCard (application root) builds APDUs; the same kind of rule must fail on it.
        IArchRule rule = Types().That().ResideInNamespace(Application)
            .Should().NotDependOnAny(Types().That().ResideInNamespace(Iso7816));
        Assert.ThrowsAny<Exception>(() => rule.Check(Library));
    }

    [Fact]
    public void A_real_dependency_is_detected()
    {
        // The pipeline's bottom stage uses the transport seam: the same kind of rule must fail on it.
        IArchRule rule = Types().That().ResideInNamespace(Iso7816)
            .Should().NotDependOnAny(Types().That().ResideInNamespace(Transport));
        Assert.ThrowsAny<Exception>(() => rule.Check(Library));
    }

    [Fact]
    public void The_library_never_references_the_simulator()
    {
        var references = typeof(CommandApdu).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.DoesNotContain("Casd.Card.Simulator", references);
    }
}
