package io.sparknas.hardware;

import io.sparknas.population.space.Nb201Cell;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Analytic parameters, FLOPs and activation memory of an NB201 cell placed in the NAS-Bench-201
 * macro network:
 * <pre>
 * stem     Conv3x3(in → C) + BN
 * stage 1  N cells at C channels,  H × H
 * reduce   residual block C → 2C:  ReLU-Conv3x3(stride 2)-BN, ReLU-Conv3x3-BN,
 *                                  shortcut AvgPool2x2(stride 2) + Conv1x1 (no BN)
 * stage 2  N cells at 2C, H/2 × H/2
 * reduce   residual block 2C → 4C
 * stage 3  N cells at 4C, H/4 × H/4
 * head     BN + ReLU, global average pool, Linear(4C → classes) with bias
 * </pre>
 * Cell edges: {@code nor_conv_kxk} is ReLU-Conv(k×k, no bias)-BN(affine), {@code avg_pool_3x3} is a
 * stride-1 3×3 average pool, {@code skip_connect} and {@code none} are free.
 *
 * <p>Counting rules (they reproduce {@code nb201_arch_costs_cifar.csv} for all 15,625 cells):
 * <ul>
 * <li><b>params</b>: conv weights k·k·Cin·Cout (no bias), 2 per channel for every affine BN (stem,
 *     every conv edge, both convs of a reduction block, the head BN), classifier in·out + out.
 *     The reduction shortcut's 1×1 conv has no BN.</li>
 * <li><b>flops</b> (multiply-adds): conv k·k·Cin·Cout·Hout·Wout; average pool k·k·C·Hout·Wout
 *     (the cells' 3×3 pools and the shortcut's 2×2 pool, at their output resolution); linear
 *     in·out. BN, ReLU, additions, biases and the global average pool count nothing.</li>
 * <li>Every edge is priced as it is run by the reference implementation: an edge whose result can
 *     never reach the cell output (a dead edge) costs the same as a live one. Callers who want the
 *     cost of the functional equivalent can price the canonical form of the cell instead.</li>
 * <li><b>activationMemory</b>: the sum, at batch size 1, of the output elements of every conv
 *     (its BN and ReLU run in place and add nothing), every pooling layer (cell pools, shortcut
 *     pools, the global pool) and the classifier. {@code skip_connect} (an alias of its input),
 *     {@code none}, BN, ReLU and additions produce no counted tensor. It is a proxy for the memory
 *     traffic of a forward pass, not its peak memory.</li>
 * </ul>
 * All results are plain counts (not millions).
 */
public final class Nb201Costs implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int STAGES = 3;

    private final int inputChannels;
    private final int resolution;
    private final int classes;
    private final int stemChannels;
    private final int cellsPerStage;
    /** Everything that does not depend on the cell: stem, reduction blocks, head. */
    private final LayerCost backbone;
    /** Cost of one operation on one edge position, summed over every cell of the network. */
    private final LayerCost[] perEdgeOp;

    public Nb201Costs(int inputChannels, int resolution, int classes, int stemChannels, int cellsPerStage) {
        requirePositive("inputChannels", inputChannels);
        requirePositive("resolution", resolution);
        requirePositive("classes", classes);
        requirePositive("stemChannels", stemChannels);
        requirePositive("cellsPerStage", cellsPerStage);
        if (resolution % 4 != 0) {
            // Two stride-2 reductions: an odd size would make the shortcut and the main path disagree.
            throw new IllegalArgumentException("resolution must be a multiple of 4 (two stride-2 reductions), got "
                    + resolution);
        }
        this.inputChannels = inputChannels;
        this.resolution = resolution;
        this.classes = classes;
        this.stemChannels = stemChannels;
        this.cellsPerStage = cellsPerStage;
        this.backbone = backbone();
        this.perEdgeOp = perEdgeOp();
    }

    /** The NAS-Bench-201 CIFAR setting: 3×32×32 input, 16 stem channels, 5 cells per stage. */
    public static Nb201Costs cifar(int classes) {
        return new Nb201Costs(3, 32, classes, 16, 5);
    }

    public double params(Nb201Cell cell) {
        return total(cell).params();
    }

    public double flops(Nb201Cell cell) {
        return total(cell).flops();
    }

    /** Sum of output elements of every conv, pooling and linear layer at batch size 1 (see the class doc). */
    public double activationMemory(Nb201Cell cell) {
        return total(cell).activations();
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int resolution() {
        return resolution;
    }

    public int classes() {
        return classes;
    }

    public int stemChannels() {
        return stemChannels;
    }

    public int cellsPerStage() {
        return cellsPerStage;
    }

    private LayerCost total(Nb201Cell cell) {
        LayerCost sum = backbone;
        for (int op : CellOps.opIndices(cell)) {
            sum = sum.plus(perEdgeOp[op]);
        }
        return sum;
    }

    private LayerCost backbone() {
        LayerCost sum = LayerCost.conv(3, inputChannels, stemChannels, resolution, true);
        for (int stage = 1; stage < STAGES; stage++) {
            sum = sum.plus(reductionBlock(channels(stage - 1), channels(stage), size(stage)));
        }
        int last = channels(STAGES - 1);
        return sum.plus(LayerCost.batchNorm(last))
                .plus(LayerCost.globalAvgPool(last))
                .plus(LayerCost.linear(last, classes));
    }

    private static LayerCost reductionBlock(int cin, int cout, int hout) {
        return LayerCost.conv(3, cin, cout, hout, true)
                .plus(LayerCost.conv(3, cout, cout, hout, true))
                .plus(LayerCost.avgPool(2, cin, hout))
                .plus(LayerCost.conv(1, cin, cout, hout, false));
    }

    private LayerCost[] perEdgeOp() {
        LayerCost[] costs = new LayerCost[CellOps.OP_COUNT];
        Arrays.fill(costs, LayerCost.ZERO);
        for (int stage = 0; stage < STAGES; stage++) {
            int c = channels(stage);
            int h = size(stage);
            costs[CellOps.CONV_1X1] = costs[CellOps.CONV_1X1].plus(LayerCost.conv(1, c, c, h, true).times(cellsPerStage));
            costs[CellOps.CONV_3X3] = costs[CellOps.CONV_3X3].plus(LayerCost.conv(3, c, c, h, true).times(cellsPerStage));
            costs[CellOps.AVG_POOL_3X3] = costs[CellOps.AVG_POOL_3X3].plus(LayerCost.avgPool(3, c, h).times(cellsPerStage));
        }
        return costs;
    }

    private int channels(int stage) {
        return stemChannels << stage;
    }

    private int size(int stage) {
        return resolution >> stage;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "Nb201Costs[" + inputChannels + "x" + resolution + "x" + resolution + ", classes=" + classes
                + ", stem=" + stemChannels + ", cells/stage=" + cellsPerStage + "]";
    }
}
