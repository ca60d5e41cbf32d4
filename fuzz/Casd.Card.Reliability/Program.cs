using Casd.Card.Reliability;

// casd-reliability: fuzz targets for AFL++ (fuzz/run.sh), corpus seeds, the soak and the load run.
return await ReliabilityCommands.RunAsync(args);
