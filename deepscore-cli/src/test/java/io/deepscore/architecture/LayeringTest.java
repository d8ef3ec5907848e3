package io.deepscore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of docs/architecture.md, checked on the compiled main classes of every module
 * (this test lives in the top module, which sees them all): each layer depends only on the ones
 * below it, no package cycle anywhere, the engines plug into the bundle and never the other way
 * round, and libtorch is reached only by the engines that run on it.
 */
class LayeringTest {

  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.deepscore");
  }

  @Test
  void everyModuleIsPresent() {
    for (String p :
        new String[] {
          "io.deepscore.features",
          "io.deepscore.eval",
          "io.deepscore.model.bundle",
          "io.deepscore.spark.score",
          "io.deepscore.cli"
        }) {
      org.assertj.core.api.Assertions.assertThat(classes.containPackage(p)).as(p).isTrue();
    }
  }

  @Test
  void eachLayerDependsOnlyOnTheLayersBelow() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("features")
        .definedBy("io.deepscore.errors..", "io.deepscore.hash..", "io.deepscore.features..")
        .layer("eval")
        .definedBy("io.deepscore.eval..")
        .layer("model")
        .definedBy("io.deepscore.model..")
        .layer("spark")
        .definedBy("io.deepscore.spark..")
        .layer("cli")
        .definedBy("io.deepscore.cli..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("spark")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers("spark", "cli")
        .whereLayer("eval")
        .mayOnlyBeAccessedByLayers("model", "spark", "cli")
        .check(classes);
  }

  @Test
  void thePureLayersKnowNoEngineAndNoSpark() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.deepscore.errors..", "io.deepscore.features..", "io.deepscore.eval..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "org.apache.spark..", "ml.dmlc..", "picocli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.deepscore.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "picocli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.deepscore.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.deepscore.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void enginesPlugIntoTheBundleNeverTheOtherWayRound() {
    noClasses()
        .that()
        .resideInAnyPackage("io.deepscore.model.bundle..", "io.deepscore.model.train..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.deepscore.model.network..",
            "io.deepscore.model.torchscript..",
            "io.deepscore.model.onnx..",
            "io.deepscore.model.xgboost..",
            "io.deepscore.model.djl..",
            "ai.djl..",
            "ml.dmlc..")
        .check(classes);
  }

  @Test
  void onlyThePyTorchEnginesReachLibtorch() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.deepscore.model.djl..",
            "io.deepscore.model.network..",
            "io.deepscore.model.torchscript..",
            "io.deepscore.model.nn..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.djl.pytorch..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.deepscore.model.djl.PyTorchThreads")
        .check(classes);
  }
}
