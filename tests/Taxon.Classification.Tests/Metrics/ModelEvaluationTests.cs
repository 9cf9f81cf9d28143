using Taxon.Classification.Metrics;

namespace Taxon.Classification.Tests.Metrics;

public class ModelEvaluationTests
{
    [Fact]
    public void EvaluateNamesEachClassByItsLabelAndAgreesWithTheStringMetrics()
    {
        var data = Conformance.ConformanceData.Blobs(90, 3, 3, seed: 2);
        var model = new Conformance.CentroidClassifier().Fit(data);
        ClassificationReport report = model.Evaluate(data);
        Assert.Equal(model.Classes, report.Names);
        string[] predicted = model.Predict(data.Features);
        ClassificationReport byString = ClassificationMetrics.Report(data.Labels, predicted);
        Assert.Equal(byString.Names, report.Names);
        Assert.Equal(byString.MacroF1, report.MacroF1, 15);
        Assert.Equal(byString.ToText(), report.ToText());
    }
}
