#include "syntax/quantized.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__AVX512VNNI__) && defined(__AVX512BW__) && defined(__AVX512F__)
#include <immintrin.h>
#define SITREP_VNNI 1
#endif

namespace sitrep::syntax::nn {
namespace {

constexpr int kRows = 16;  // rows per block: one 512-bit register of 32-bit sums
constexpr int kTileBlocks = 4, kTileCols = 4;  // 16 accumulators: more spill to the stack

// Column c of x as unsigned bytes: round(x / scale_c) + 128, scale_c = max|x_c| / 127,
// `depth` bytes per column (the padding is 128, i.e. zero).
void quantize_columns(const float* x, int ldx, int rows, int n, int depth, std::vector<uint8_t>& q,
                      std::vector<float>& scale) {
  q.resize(static_cast<size_t>(depth) * n);
  scale.resize(n);
  for (int c = 0; c < n; ++c) {
    const float* col = x + static_cast<size_t>(c) * ldx;
    const float mx = Eigen::Map<const Eigen::VectorXf>(col, rows).cwiseAbs().maxCoeff();
    const float s = mx > 0 ? mx / 127 : 1.0f, inv = 1 / s;
    scale[c] = s;
    uint8_t* out = q.data() + static_cast<size_t>(c) * depth;
    int r = 0;
#ifdef SITREP_VNNI
    // Round to nearest even (the default mode, as std::nearbyint below), add 128, narrow.
    const __m512i offset = _mm512_set1_epi32(128);
    const __m512 vinv = _mm512_set1_ps(inv);
    for (; r + 16 <= rows; r += 16) {
      __m512i v = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(col + r), vinv)), offset);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + r), _mm512_cvtusepi32_epi8(v));
    }
#endif
    for (; r < rows; ++r) out[r] = static_cast<uint8_t>(static_cast<int>(std::nearbyint(col[r] * inv)) + 128);
    std::fill(out + rows, out + depth, uint8_t{128});
  }
}

// Where a tile's results go: y = row scale * column scale * (sum - 128 * row sum).
struct TileOut {
  const float* scale;      // per row, from the tile's first row (padded to whole blocks)
  const int32_t* offset;   // 128 * row sum, likewise
  const float* col_scale;  // per column, from the tile's first column
  float* y;                // the tile's first row and column
  int ldy;
  int rows;                // rows of y from the tile's first row (the last block may be partial)
};

#ifdef SITREP_VNNI
// One tile: RB blocks of 16 rows x NC columns.
template <int RB, int NC>
void tile(const int8_t* w, size_t block_bytes, int quads, const uint8_t* x, int depth, const TileOut& o) {
  __m512i acc[RB][NC];
  for (int r = 0; r < RB; ++r)
    for (int c = 0; c < NC; ++c) acc[r][c] = _mm512_setzero_si512();
  for (int k = 0; k < quads; ++k) {
    __m512i wv[RB];
    for (int r = 0; r < RB; ++r) wv[r] = _mm512_loadu_si512(w + r * block_bytes + static_cast<size_t>(k) * 64);
    for (int c = 0; c < NC; ++c) {
      int32_t four;
      std::memcpy(&four, x + static_cast<size_t>(c) * depth + static_cast<size_t>(k) * 4, 4);
      const __m512i xb = _mm512_set1_epi32(four);
      for (int r = 0; r < RB; ++r) acc[r][c] = _mm512_dpbusd_epi32(acc[r][c], xb, wv[r]);
    }
  }
  for (int r = 0; r < RB; ++r) {
    const int live = std::min(kRows, o.rows - r * kRows);
    const __mmask16 mask = live >= kRows ? __mmask16(0xFFFF) : __mmask16((1u << live) - 1);
    const __m512 scale = _mm512_loadu_ps(o.scale + r * kRows);
    const __m512i offset = _mm512_loadu_si512(o.offset + r * kRows);
    for (int c = 0; c < NC; ++c) {
      const __m512 v = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc[r][c], offset));
      const __m512 s = _mm512_mul_ps(scale, _mm512_set1_ps(o.col_scale[c]));
      _mm512_mask_storeu_ps(o.y + static_cast<size_t>(c) * o.ldy + r * kRows, mask, _mm512_mul_ps(v, s));
    }
  }
}

template <int RB>
void tile_cols(int nc, const int8_t* w, size_t block_bytes, int quads, const uint8_t* x, int depth, const TileOut& o) {
  switch (nc) {
    case 1: return tile<RB, 1>(w, block_bytes, quads, x, depth, o);
    case 2: return tile<RB, 2>(w, block_bytes, quads, x, depth, o);
    case 3: return tile<RB, 3>(w, block_bytes, quads, x, depth, o);
    default: return tile<RB, 4>(w, block_bytes, quads, x, depth, o);
  }
}
#else
// The same arithmetic in plain C++.
void tile_scalar(int rb, int nc, const int8_t* w, size_t block_bytes, int quads, const uint8_t* x, int depth,
                 const TileOut& o) {
  for (int c = 0; c < nc; ++c)
    for (int row = 0; row < std::min(rb * kRows, o.rows); ++row) {
      const int r = row / kRows, i = row % kRows;
      int32_t sum = 0;
      for (int k = 0; k < quads; ++k)
        for (int j = 0; j < 4; ++j)
          sum += static_cast<int32_t>(x[static_cast<size_t>(c) * depth + k * 4 + j]) *
                 w[r * block_bytes + static_cast<size_t>(k) * 64 + i * 4 + j];
      o.y[static_cast<size_t>(c) * o.ldy + row] =
          static_cast<float>(sum - o.offset[row]) * (o.scale[row] * o.col_scale[c]);
    }
}
#endif

}  // namespace

bool QuantizedMatrix::accelerated() {
#ifdef SITREP_VNNI
  return true;
#else
  return false;
#endif
}

void QuantizedMatrix::set(const Mat& w) {
  rows_ = static_cast<int>(w.rows());
  cols_ = static_cast<int>(w.cols());
  depth_ = (cols_ + 3) / 4 * 4;
  const int blocks = (rows_ + kRows - 1) / kRows;
  packed_.assign(static_cast<size_t>(blocks) * depth_ * kRows, 0);
  scale_.assign(static_cast<size_t>(blocks) * kRows, 0.0f);
  offset_.assign(static_cast<size_t>(blocks) * kRows, 0);
  for (int r = 0; r < rows_; ++r) {
    const float mx = w.row(r).cwiseAbs().maxCoeff();
    const float s = mx > 0 ? mx / 127 : 1.0f;
    scale_[r] = s;
    int32_t sum = 0;
    for (int k = 0; k < cols_; ++k) {
      const int q = std::clamp(static_cast<int>(std::nearbyint(w(r, k) / s)), -127, 127);
      sum += q;
      const size_t at = ((static_cast<size_t>(r / kRows) * (depth_ / 4) + k / 4) * kRows + r % kRows) * 4 + k % 4;
      packed_[at] = static_cast<int8_t>(q);
    }
    offset_[r] = 128 * sum;
  }
}

void QuantizedMatrix::multiply(const float* x, int ldx, int n, float* y, int ldy) const {
  thread_local std::vector<uint8_t> xq;
  thread_local std::vector<float> xs;
  quantize_columns(x, ldx, cols_, n, depth_, xq, xs);
  const int quads = depth_ / 4;
  const size_t block_bytes = static_cast<size_t>(quads) * 64;
  const int blocks = (rows_ + kRows - 1) / kRows;
  for (int c0 = 0; c0 < n; c0 += kTileCols) {
    const int nc = std::min(kTileCols, n - c0);
    const uint8_t* xc = xq.data() + static_cast<size_t>(c0) * depth_;
    for (int b0 = 0; b0 < blocks; b0 += kTileBlocks) {
      const int rb = std::min(kTileBlocks, blocks - b0);
      const int8_t* wb = packed_.data() + static_cast<size_t>(b0) * block_bytes;
      const int r0 = b0 * kRows;
      const TileOut out{scale_.data() + r0, offset_.data() + r0, xs.data() + c0,
                        y + static_cast<size_t>(c0) * ldy + r0, ldy, rows_ - r0};
#ifdef SITREP_VNNI
      switch (rb) {
        case 1: tile_cols<1>(nc, wb, block_bytes, quads, xc, depth_, out); break;
        case 2: tile_cols<2>(nc, wb, block_bytes, quads, xc, depth_, out); break;
        case 3: tile_cols<3>(nc, wb, block_bytes, quads, xc, depth_, out); break;
        default: tile_cols<4>(nc, wb, block_bytes, quads, xc, depth_, out); break;
      }
#else
      tile_scalar(rb, nc, wb, block_bytes, quads, xc, depth_, out);
#endif
    }
  }
}

}  // namespace sitrep::syntax::nn
