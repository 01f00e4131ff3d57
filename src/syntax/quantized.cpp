#include "syntax/quantized.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__AVX512VNNI__) && defined(__AVX512BW__) && defined(__AVX512F__)
#include <immintrin.h>
#define SITREP_VNNI 1
#if defined(__AMX_TILE__) && defined(__AMX_INT8__)
#include <sys/syscall.h>
#include <unistd.h>
#define SITREP_AMX 1
#endif
#endif

namespace sitrep::syntax::nn {
namespace {

constexpr int kRows = 16;  // rows per block: one 512-bit register of 32-bit sums
constexpr int kExactDepth = 1040;  // 127 * 127 * 1040 < 2^24: float sums of levels stay exact
constexpr int kTileBlocks = 4, kTileCols = 4;  // 16 accumulators: more spill to the stack
#ifdef SITREP_AMX
constexpr int kDepthStep = 64;  // an AMX tile row holds 64 bytes of one column
#else
constexpr int kDepthStep = 4;   // vpdpbusd sums groups of 4 bytes
#endif

// Column c of x as unsigned bytes: round(x / scale_c) + 128, scale_c = max|x_c| / 127,
// `depth` bytes per column (the padding is 128, i.e. zero).
void quantize_columns(const float* x, int ldx, int rows, int n, int depth, std::vector<uint8_t>& q,
                      std::vector<float>& scale) {
  // Room for whole 16-column AMX tiles (the extra columns are read, their sums unused).
  q.resize(static_cast<size_t>(depth) * ((n + 15) / 16 * 16), uint8_t{128});
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
// Block r (16 rows) of column c of a tile from its 16 integer sums.
inline void store_sums(__m512i acc, const TileOut& o, int r, int c) {
  const int live = std::min(kRows, o.rows - r * kRows);
  const __mmask16 mask = live >= kRows ? __mmask16(0xFFFF) : __mmask16((1u << live) - 1);
  const __m512 v = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc, _mm512_loadu_si512(o.offset + r * kRows)));
  const __m512 s = _mm512_mul_ps(_mm512_loadu_ps(o.scale + r * kRows), _mm512_set1_ps(o.col_scale[c]));
  _mm512_mask_storeu_ps(o.y + static_cast<size_t>(c) * o.ldy + r * kRows, mask, _mm512_mul_ps(v, s));
}
#endif

#ifdef SITREP_AMX
// AMX (Sapphire Rapids and later): tdpbusd multiplies a 16 x 64-byte tile of activation
// columns with a 16-row weight block laid out exactly as `packed_` (4 bytes of 16 rows per
// 64-byte line), 16,384 multiply-adds per instruction. Linux hands out the tile registers
// on request; without them the VNNI kernel runs instead.
bool amx_usable() {
  static const bool ok = [] {
    constexpr long kReqXcompPerm = 0x1023, kXtileData = 18;
    return syscall(SYS_arch_prctl, kReqXcompPerm, kXtileData) == 0;
  }();
  return ok;
}

struct alignas(64) TileConfig {
  uint8_t palette = 1, start_row = 0, reserved[14] = {};
  uint16_t colsb[16] = {};
  uint8_t rows[16] = {};
};

// Up to 16 columns x 4 blocks: C tiles 0-3, the activations in tile 4, weights in 5.
void amx_tile(int rb, int nc, const int8_t* w, size_t block_bytes, int chunks, const uint8_t* x, int depth,
              const TileOut& o) {
  thread_local bool configured = false;
  if (!configured) {  // tile shapes are per-thread state
    TileConfig cfg;
    for (int t = 0; t < 6; ++t) {
      cfg.rows[t] = 16;
      cfg.colsb[t] = 64;
    }
    _tile_loadconfig(&cfg);
    configured = true;
  }
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  for (int k = 0; k < chunks; ++k) {
    _tile_loadd(4, x + static_cast<size_t>(k) * 64, depth);
    const int8_t* wk = w + static_cast<size_t>(k) * 16 * 64;
    _tile_loadd(5, wk, 64);
    _tile_dpbusd(0, 4, 5);
    if (rb > 1) { _tile_loadd(5, wk + block_bytes, 64); _tile_dpbusd(1, 4, 5); }
    if (rb > 2) { _tile_loadd(5, wk + 2 * block_bytes, 64); _tile_dpbusd(2, 4, 5); }
    if (rb > 3) { _tile_loadd(5, wk + 3 * block_bytes, 64); _tile_dpbusd(3, 4, 5); }
  }
  alignas(64) int32_t sums[4][16][16];  // [block][column][row]
  _tile_stored(0, sums[0], 64);
  if (rb > 1) _tile_stored(1, sums[1], 64);
  if (rb > 2) _tile_stored(2, sums[2], 64);
  if (rb > 3) _tile_stored(3, sums[3], 64);
  for (int r = 0; r < rb; ++r)
    for (int c = 0; c < nc; ++c) store_sums(_mm512_load_si512(sums[r][c]), o, r, c);
}
#endif

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
  for (int r = 0; r < RB; ++r)
    for (int c = 0; c < NC; ++c) store_sums(acc[r][c], o, r, c);
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
#endif

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

}  // namespace


void QuantizedMatrix::set(const Mat& w) {
  const std::string best = backend();
  kernel_ = best == "amx" ? 2 : best == "vnni" ? 1 : 0;
  rows_ = static_cast<int>(w.rows());
  cols_ = static_cast<int>(w.cols());
  depth_ = (cols_ + kDepthStep - 1) / kDepthStep * kDepthStep;
  const int blocks = (rows_ + kRows - 1) / kRows;
  packed_.assign(static_cast<size_t>(blocks) * depth_ * kRows, 0);
  scale_.assign(static_cast<size_t>(blocks) * kRows, 0.0f);
  levels_.resize(rows_, cols_);
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
      levels_(r, k) = static_cast<float>(q);
    }
    offset_[r] = 128 * sum;
  }
}

std::vector<std::string> QuantizedMatrix::backends() {
  std::vector<std::string> out;
#ifdef SITREP_AMX
  if (amx_usable()) out.push_back("amx");
#endif
#ifdef SITREP_VNNI
  out.push_back("vnni");
#endif
  out.push_back("portable");
  return out;
}

std::string QuantizedMatrix::backend() { return backends().front(); }

void QuantizedMatrix::multiply(const float* x, int ldx, int n, float* y, int ldy) const {
  multiply(x, ldx, n, y, ldy, kernel_);
}

void QuantizedMatrix::multiply_with(const std::string& backend, const Mat& x, Mat& y) const {
  y.resize(rows_, x.cols());
  multiply(x.data(), static_cast<int>(x.rows()), static_cast<int>(x.cols()), y.data(), rows_,
           backend == "amx" ? 2 : backend == "vnni" ? 1 : 0);
}

void QuantizedMatrix::multiply(const float* x, int ldx, int n, float* y, int ldy, int kernel) const {
  thread_local std::vector<uint8_t> xq;
  thread_local std::vector<float> xs;
  quantize_columns(x, ldx, cols_, n, depth_, xq, xs);
  const int quads = depth_ / 4;
  const size_t block_bytes = static_cast<size_t>(quads) * 64;
  const int blocks = (rows_ + kRows - 1) / kRows;
#ifdef SITREP_AMX
  if (kernel == 2) {
    for (int c0 = 0; c0 < n; c0 += 16) {
      const int nc = std::min(16, n - c0);
      for (int b0 = 0; b0 < blocks; b0 += 4) {
        const int r0 = b0 * kRows;
        const TileOut out{scale_.data() + r0, offset_.data() + r0, xs.data() + c0,
                          y + static_cast<size_t>(c0) * ldy + r0, ldy, rows_ - r0};
        amx_tile(std::min(4, blocks - b0), nc, packed_.data() + static_cast<size_t>(b0) * block_bytes, block_bytes,
                 depth_ / 64, xq.data() + static_cast<size_t>(c0) * depth_, depth_, out);
      }
    }
    return;
  }
#endif
  if (kernel == 0 && cols_ <= kExactDepth) {
    // Without VNNI: the same integer sums as floats, by Eigen's vectorised product. Every
    // partial sum is an integer of magnitude below 127 * 127 * kExactDepth < 2^24, so
    // float adds them exactly, in any order: the same bits as the integer kernels.
    thread_local Mat levels_x, sums;
    levels_x.resize(cols_, n);
    for (int c = 0; c < n; ++c)
      for (int k = 0; k < cols_; ++k)
        levels_x(k, c) = static_cast<float>(static_cast<int>(xq[static_cast<size_t>(c) * depth_ + k]) - 128);
    sums.noalias() = levels_ * levels_x;
    for (int c = 0; c < n; ++c)
      for (int r = 0; r < rows_; ++r)
        y[static_cast<size_t>(c) * ldy + r] = sums(r, c) * (scale_[r] * xs[c]);
    return;
  }
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
      if (kernel >= 1) {
      switch (rb) {
        case 1: tile_cols<1>(nc, wb, block_bytes, quads, xc, depth_, out); break;
        case 2: tile_cols<2>(nc, wb, block_bytes, quads, xc, depth_, out); break;
        case 3: tile_cols<3>(nc, wb, block_bytes, quads, xc, depth_, out); break;
        default: tile_cols<4>(nc, wb, block_bytes, quads, xc, depth_, out); break;
      }
      continue;
      }
#endif
      tile_scalar(rb, nc, wb, block_bytes, quads, xc, depth_, out);
    }
  }
}

}  // namespace sitrep::syntax::nn
