// Trains the sentiment model that the API serves.
// Run from the repository root:  dotnet run --project tools/train
// Reads data/sentiment.tsv and writes Models/sentiment.zip (commit the result).
using Microsoft.ML;
using Microsoft.ML.Transforms.Text;
using SentimentApi;

var dataPath = args.Length > 0 ? args[0] : "data/sentiment.tsv";
var modelPath = args.Length > 1 ? args[1] : "Models/sentiment.zip";

var ml = new MLContext(seed: 42);
var data = ml.Data.LoadFromTextFile<SentimentInput>(dataPath, hasHeader: true, separatorChar: '\t', allowQuoting: true);

// Word unigrams only: with a few dozen rows, bigrams and character n-grams make the model
// bigger without making it any better.
var featurizer = new TextFeaturizingEstimator.Options
{
    CaseMode = TextNormalizingEstimator.CaseMode.Lower,
    KeepPunctuations = false,
    WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1 },
    CharFeatureExtractor = null,
};

var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(SentimentInput.Label))
    .Append(ml.Transforms.Text.FeaturizeText("Features", featurizer, nameof(SentimentInput.Text)))
    .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
    .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(SentimentPrediction.PredictedLabel)));

var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 4);
Console.WriteLine($"Cross-validated macro accuracy: {folds.Average(f => f.Metrics.MacroAccuracy):P1}");

var model = pipeline.Fit(data);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
ml.Model.Save(model, data.Schema, modelPath);
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length:N0} bytes)");
