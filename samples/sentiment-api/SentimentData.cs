using Microsoft.ML.Data;

namespace SentimentApi;

/// <summary>One row of data/sentiment.tsv, and the input the model scores.</summary>
public sealed class SentimentInput
{
    [LoadColumn(0)]
    public string Label { get; set; } = "";

    [LoadColumn(1)]
    public string Text { get; set; } = "";
}

/// <summary>What the model returns for one input.</summary>
public sealed class SentimentPrediction
{
    public string PredictedLabel { get; set; } = "";

    /// <summary>One probability per class, in the order the labels first appear in the training data (positive, negative, neutral).</summary>
    public float[] Score { get; set; } = [];
}
