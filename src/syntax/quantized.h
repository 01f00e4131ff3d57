// Matrix products for parsing with the BiLSTM model: a weight matrix quantised to 8-bit
// integers row by row, multiplied with float activations quantised column by column, with
// 32-bit integer sums (AVX-512 VNNI's vpdpbusd: 64 multiply-adds per instruction, four
// times float's 16). Integer sums do not depend on how the product is blocked, so a
// column's result is the same whatever other columns share the batch.
//
// Where the processor has AMX tiles (and Linux grants them), tdpbusd does the same sums
// 256 times per instruction. Built without VNNI (another processor, SITREP_NATIVE off) the
// integer sums are formed as floats by Eigen, exactly (they stay below 2^24). All give
// identical results; only the speed differs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/nn.h"

namespace sitrep::syntax::nn {

class QuantizedMatrix {
 public:
  QuantizedMatrix() = default;
  explicit QuantizedMatrix(const Mat& w) { set(w); }
  void set(const Mat& w);
  int rows() const { return rows_; }
  int cols() const { return cols_; }

  // y = W x for the n columns of x (cols() x n floats, column-major, consecutive columns
  // `ldx` floats apart); y is rows() x n, columns `ldy` floats apart.
  void multiply(const float* x, int ldx, int n, float* y, int ldy) const;
  void multiply(const Mat& x, Mat& y) const {
    y.resize(rows_, x.cols());
    multiply(x.data(), static_cast<int>(x.rows()), static_cast<int>(x.cols()), y.data(), rows_);
  }

  // How this build and processor can multiply, fastest first: "amx" (tile instructions),
  // "vnni" (AVX-512 vpdpbusd), "portable" (plain C++); multiply() uses the first. All
  // compute the same integer sums and give the same bits.
  static std::vector<std::string> backends();
  static std::string backend();
  // The product by the named kernel (for tests).
  void multiply_with(const std::string& backend, const Mat& x, Mat& y) const;

 private:
  void multiply(const float* x, int ldx, int n, float* y, int ldy, int kernel) const;
  int kernel_ = 0;  // 2 amx, 1 vnni, 0 portable
  int rows_ = 0, cols_ = 0;
  int depth_ = 0;                 // cols_ rounded up to a multiple of 4
  std::vector<int8_t> packed_;    // 16-row blocks; in each, 4 columns x 16 rows per 64 bytes
  std::vector<float> scale_;      // per row, padded to whole blocks
  std::vector<int32_t> offset_;   // per row: 128 * the sum of its quantised weights
  Mat levels_;                    // the quantised weights as floats, for the portable kernel
};

// One LSTM direction's weights quantised for parsing (see lstm_forward).
struct LstmQuantized {
  QuantizedMatrix w_in, w_rec;
};

}  // namespace sitrep::syntax::nn
