package io.sparknas.hardware;

import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnalyticCostModelMobileNetTest {
    private final MobileNetSpace space = MobileNetSpace.imagenet(1000);
    private final MobileNetArchitecture network = space.decode(space.sample(new Random(41)));

    @Test
    void namedModelsPriceMobileNetArchitecturesLikeMobileNetCosts() {
        assertEquals(MobileNetCosts.params(network), AnalyticCostModel.forName("params", 10).cost(network));
        assertEquals(MobileNetCosts.flops(network), AnalyticCostModel.forName("flops", 10).cost(network));
        assertEquals(MobileNetCosts.activationMemory(network), AnalyticCostModel.forName("activations", 10).cost(network));
    }

    @Test
    void theClassesOfTheArchitecturesSpaceWinOverTheModels() {
        // forName's classes configure the NB201 network; a MobileNet architecture brings its own 1000
        assertEquals(AnalyticCostModel.forName("params", 10).cost(network), AnalyticCostModel.forName("params", 100).cost(network));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        CostModel copy = Nb201CostsTest.roundTrip(AnalyticCostModel.forName("flops", 10));
        assertEquals(MobileNetCosts.flops(network), copy.cost(network));
    }
}
