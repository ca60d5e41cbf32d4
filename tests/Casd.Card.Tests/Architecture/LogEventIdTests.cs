using System.Reflection;
using Casd.Card.Simulator;
using Microsoft.Extensions.Logging;

namespace Casd.Card.Tests.Architecture;

/// <summary>
/// Every logger class has its own range of 100 event ids (docs/architecture.md, "Logging"), so an
/// operator's filter on an id or a range selects one component's messages and nothing else.
/// </summary>
public class LogEventIdTests
{
    private static readonly (Type Logger, int EventId)[] Messages =
        new[] { typeof(Casd.Card.Iso7816.CommandApdu).Assembly, typeof(SimulatedCard).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
                .Where(a => a is not null)
                .Select(a => (t, a!.EventId)))
            .ToArray();

    [Fact]
    public void The_loggers_are_found()
    {
        Assert.True(Messages.Select(m => m.Logger).Distinct().Count() >= 8, "the reflection found the logger classes");
    }

    [Fact]
    public void Each_logger_class_uses_one_range_of_a_hundred_and_no_other_class_uses_it()
    {
        foreach (var group in Messages.GroupBy(m => m.Logger))
        {
            Assert.Single(group.Select(m => m.EventId / 100).Distinct());
        }

        var owners = Messages.GroupBy(m => m.EventId / 100).Select(g => (Range: g.Key * 100, Loggers: g.Select(m => m.Logger.Name).Distinct().ToArray()));
        Assert.All(owners, o => Assert.True(o.Loggers.Length == 1, $"{o.Range}–{o.Range + 99} is used by {string.Join(" and ", o.Loggers)}"));
    }

    [Fact]
    public void No_two_messages_share_an_event_id()
    {
        Assert.Equal(Messages.Length, Messages.Select(m => m.EventId).Distinct().Count());
    }
}
