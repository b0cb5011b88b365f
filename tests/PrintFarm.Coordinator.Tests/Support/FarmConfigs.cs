namespace PrintFarm.Coordinator.Tests.Support;

/// <summary>Small farms for tests: real designs, virtual printers running far faster than real time.</summary>
public static class FarmConfigs
{
    public static string Printer(string id, bool autoClearBed, double timeScale, string site = "lab") => $$"""
        { "id": "{{id}}", "site": "{{site}}", "port": "virtual", "profile": "prusa", "bedXMm": 250, "bedYMm": 210, "material": "PLA",
          "autoClearBed": {{(autoClearBed ? "true" : "false")}}, "virtual": { "dialect": "prusa", "timeScale": {{timeScale}}, "baud": 2000000 } }
        """;

    /// <summary>The ear saver (25 min real) and the face shield (2 h real) for MK3S printers, and the printers given.</summary>
    public static string Farm(int earSavers, int faceShields, params string[] printers) => $$"""
        {
          "schedulerIntervalSeconds": 0.5,
          "heatUpSeconds": 0,
          "nodes": { "lab": { "name": "Lab front desk" }, "node-poblenou": { "name": "Punt de recollida Poblenou" }, "node-gracia": { "name": "Punt de recollida Gràcia" } },
          "requesters": { "Hospital Clínic": { "kind": "hospital" }, "Hospital del Mar": { "kind": "hospital" }, "Hospital de Sant Pau": { "kind": "hospital" }, "CAP Sant Andreu": { "kind": "other" } },
          "printers": [ {{string.Join(",\n", printers)}} ],
          "designs": [
            { "id": "ear-saver", "name": "Ear saver", "licence": "CC BY-SA 4.0", "sourceUrl": "https://github.com/mgesteiro/FreeCAD-models", "approval": "approved",
              "variants": [ { "name": "mk3s-pla", "file": "../designs/ear-saver/mk3s_pla.gcode", "profile": "prusa", "material": "PLA", "minBedXMm": 250, "minBedYMm": 210 } ] },
            { "id": "face-shield", "name": "Face shield frame", "licence": "MIT", "sourceUrl": "https://github.com/aon3d/covid-face-shield", "approval": "approved",
              "variants": [ { "name": "mk3s-pla", "file": "../designs/aon3d-face-shield-frame/mk3s_pla.gcode.gz", "profile": "prusa", "material": "PLA", "minBedXMm": 250, "minBedYMm": 210 } ] }
          ],
          "demands": [
            {{(earSavers > 0 ? $$"""{ "requester": "Hospital del Mar", "designId": "ear-saver", "quantity": {{earSavers}}, "priority": 2, "node": "node-poblenou" }""" : "")}}
            {{(earSavers > 0 && faceShields > 0 ? "," : "")}}
            {{(faceShields > 0 ? $$"""{ "requester": "Hospital Clínic", "designId": "face-shield", "quantity": {{faceShields}}, "priority": 3, "node": "node-gracia" }""" : "")}}
          ]
        }
        """;
}
