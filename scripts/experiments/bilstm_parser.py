#!/usr/bin/env python3
"""Feasibility experiment for issue 3 (not part of sitrep; nothing calls it): a BiLSTM +
biaffine dependency parser (Dozat & Manning 2017) with joint UPOS/XPOS tagging, to learn
whether a contextual encoder reaches EWT test UAS 0.87 / LAS 0.84 where the perceptron
parser stops at ~0.86 / 0.83. Needs Debian's python3-torch and libopenblas0-openmp (the
reference BLAS torch is linked to is ~15x slower); scripts/setup.sh does not install them.

Measured 2026-11-22 (session 4, figures in docs/syntax.md): hidden 200, Eisner decoding,
epoch 26: test UAS 0.875 / LAS 0.842 (dev 0.868 / 0.834), ~38 CPU minutes of training,
1,150 sentences/s on one thread in batches of 64. Hidden 96: test 0.863 / 0.828.

Usage:
  python3 parser.py train --epochs N --hidden 200 --deadline 03:55 --out DIR
  python3 parser.py speed --model DIR/model.pt
"""
import argparse, collections, datetime, math, os, random, resource, sys, time
import numpy as np
import zlib
import torch, torch.nn as nn, torch.nn.functional as F

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'data',
                    'ud-english-ewt', 'en_ewt-ud-%s.conllu')


def read_conllu(path):
    sents, cur = [], []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line:
            if cur: sents.append(cur); cur = []
            continue
        if line.startswith('#'): continue
        c = line.split('\t')
        if '-' in c[0] or '.' in c[0]: continue
        cur.append((c[1], c[3], c[4], int(c[6]), c[7]))
    if cur: sents.append(cur)
    return sents


NB = 50000  # affix hash buckets


def shape(w):
    s = 0
    if w[:1].isupper(): s |= 1
    if w.isupper() and len(w) > 1: s |= 2
    if any(ch.isdigit() for ch in w): s |= 4
    if '-' in w: s |= 8
    if not any(ch.isalnum() for ch in w): s |= 16
    return s


def affixes(w):
    lw = w.lower()
    feats = []
    for k in (1, 2, 3, 4):
        feats.append(zlib.crc32(('s' + lw[-k:]).encode()) % NB if len(lw) >= k else 0)
    for k in (1, 2, 3):
        feats.append(zlib.crc32(('p' + lw[:k]).encode()) % NB if len(lw) >= k else 0)
    feats.append(zlib.crc32(('w' + w).encode()) % NB)  # case-sensitive full word hash
    return feats


class Vocab:
    def __init__(self, train):
        c = collections.Counter(w.lower() for s in train for (w, *_r) in s)
        self.w = {'<pad>': 0, '<unk>': 1, '<root>': 2}
        for w, n in c.items():
            if n >= 2: self.w[w] = len(self.w)
        self.upos = sorted({t[1] for s in train for t in s})
        self.xpos = sorted({t[2] for s in train for t in s})
        self.rel = sorted({t[4] for s in train for t in s})
        self.ui = {t: i for i, t in enumerate(self.upos)}
        self.xi = {t: i for i, t in enumerate(self.xpos)}
        self.ri = {t: i for i, t in enumerate(self.rel)}

    def encode(self, s):
        words = [2] + [self.w.get(t[0].lower(), 1) for t in s]
        aff = [[0] * 8] + [affixes(t[0]) for t in s]
        shp = [32] + [shape(t[0]) for t in s]
        up = [0] + [self.ui.get(t[1], 0) for t in s]
        xp = [0] + [self.xi.get(t[2], 0) for t in s]
        hd = [0] + [t[3] for t in s]
        rl = [0] + [self.ri.get(t[4], 0) for t in s]
        return dict(words=words, aff=aff, shp=shp, up=up, xp=xp, hd=hd, rl=rl, n=len(s) + 1)


def batchify(encs):
    B = len(encs); L = max(e['n'] for e in encs)
    out = {}
    for k in ('words', 'shp', 'up', 'xp', 'hd', 'rl'):
        t = torch.zeros(B, L, dtype=torch.long)
        for i, e in enumerate(encs): t[i, :e['n']] = torch.tensor(e[k])
        out[k] = t
    a = torch.zeros(B, L, 8, dtype=torch.long)
    for i, e in enumerate(encs): a[i, :e['n']] = torch.tensor(e['aff'])
    out['aff'] = a
    out['lens'] = torch.tensor([e['n'] for e in encs])
    out['mask'] = torch.arange(L)[None, :] < out['lens'][:, None]
    return out


class MLP(nn.Module):
    def __init__(self, i, o, p):
        super().__init__(); self.l = nn.Linear(i, o); self.p = p
    def forward(self, x):
        return F.dropout(F.leaky_relu(self.l(x), 0.1), self.p, self.training)


class Parser(nn.Module):
    def __init__(self, nw, nu, nx, nr, wdim=100, adim=100, hidden=200, layers=2, arc=256, lab=64, p=0.33):
        super().__init__()
        self.wemb = nn.Embedding(nw, wdim, padding_idx=0)
        self.aemb = nn.EmbeddingBag(NB, adim, mode='sum')
        self.semb = nn.Embedding(33, 16)
        self.p = p
        self.lstm = nn.LSTM(wdim + adim + 16, hidden, num_layers=layers, bidirectional=True,
                            batch_first=True, dropout=p)
        H = 2 * hidden
        self.upos = nn.Linear(H, nu); self.xpos = nn.Linear(H, nx)
        self.arc_d = MLP(H, arc, p); self.arc_h = MLP(H, arc, p)
        self.lab_d = MLP(H, lab, p); self.lab_h = MLP(H, lab, p)
        self.W_arc = nn.Parameter(torch.zeros(arc, arc)); self.b_arc = nn.Parameter(torch.zeros(arc))
        self.W_lab = nn.Parameter(torch.zeros(nr, lab + 1, lab + 1))

    def encode(self, b):
        w = b['words']
        if self.training:  # word dropout -> unk
            drop = (torch.rand(w.shape) < 0.25) & (w > 2)
            w = w.masked_fill(drop, 1)
        B, L = w.shape
        a = self.aemb(b['aff'].view(B * L, 8)).view(B, L, -1)
        x = torch.cat([self.wemb(w), a, self.semb(b['shp'])], -1)
        x = F.dropout(x, self.p, self.training)
        pk = nn.utils.rnn.pack_padded_sequence(x, b['lens'], batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(pk)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=L)
        return F.dropout(h, self.p, self.training)

    def forward(self, b):
        h = self.encode(b)
        ad, ah = self.arc_d(h), self.arc_h(h)
        # s[b,i,j] = score of head j for dependent i
        s = torch.einsum('bia,ac,bjc->bij', ad, self.W_arc, ah) + (ah @ self.b_arc)[:, None, :]
        s = s.masked_fill(~b['mask'][:, None, :], -1e9)
        ld, lh = self.lab_d(h), self.lab_h(h)
        return h, s, ld, lh

    def label_scores(self, ld, lh, heads):
        # ld,lh: B,L,lab ; heads: B,L -> B,L,nr
        hh = torch.gather(lh, 1, heads[:, :, None].expand(-1, -1, lh.size(-1)))
        one = torch.ones(ld.shape[:-1] + (1,))
        ld1 = torch.cat([ld, one], -1); hh1 = torch.cat([hh, one], -1)
        return torch.einsum('bli,rij,blj->blr', ld1, self.W_lab, hh1)


def loss_fn(m, b):
    h, s, ld, lh = m(b)
    tm = b['mask'].clone(); tm[:, 0] = False
    L_arc = F.cross_entropy(s[tm], b['hd'][tm])
    ls = m.label_scores(ld, lh, b['hd'])
    L_lab = F.cross_entropy(ls[tm], b['rl'][tm])
    L_u = F.cross_entropy(m.upos(h)[tm], b['up'][tm])
    L_x = F.cross_entropy(m.xpos(h)[tm], b['xp'][tm])
    return L_arc + L_lab + L_u + L_x


def eisner(scores):
    """Projective decode. scores[h, d] (n x n, index 0 = root). Returns heads."""
    n = scores.shape[0]
    NEG = -1e18
    I = np.full((n, n, 2), NEG); C = np.full((n, n, 2), NEG)
    Ib = np.zeros((n, n, 2), dtype=int); Cb = np.zeros((n, n, 2), dtype=int)
    for i in range(n): C[i, i, 0] = C[i, i, 1] = 0.0
    for k in range(1, n):
        for s in range(0, n - k):
            t = s + k
            tmp = C[s, s:t, 1] + C[s + 1:t + 1, t, 0]
            r = int(np.argmax(tmp)); best = tmp[r]
            I[s, t, 0] = best + scores[t, s]; Ib[s, t, 0] = s + r   # t -> s (left arc)
            I[s, t, 1] = best + scores[s, t]; Ib[s, t, 1] = s + r   # s -> t
            tmp = C[s, s:t, 0] + I[s:t, t, 0]
            r = int(np.argmax(tmp)); C[s, t, 0] = tmp[r]; Cb[s, t, 0] = s + r
            tmp = I[s, s + 1:t + 1, 1] + C[s + 1:t + 1, t, 1]
            r = int(np.argmax(tmp)); C[s, t, 1] = tmp[r]; Cb[s, t, 1] = s + 1 + r
    heads = [0] * n
    def bt(s, t, d, comp):
        if s == t: return
        if comp:
            r = Cb[s, t, d]
            if d == 0: bt(s, r, 0, True); bt(r, t, 0, False)
            else: bt(s, r, 1, False); bt(r, t, 1, True)
        else:
            r = Ib[s, t, d]
            if d == 0: heads[s] = t
            else: heads[t] = s
            bt(s, r, 1, True); bt(r + 1, t, 0, True)
    bt(0, n - 1, 1, True)
    return heads


@torch.no_grad()
def predict(m, encs, bs=64, use_eisner=False):
    m.eval()
    res = []
    order = sorted(range(len(encs)), key=lambda i: encs[i]['n'])
    out = [None] * len(encs)
    for k in range(0, len(order), bs):
        idx = order[k:k + bs]
        b = batchify([encs[i] for i in idx])
        h, s, ld, lh = m(b)
        if use_eisner:
            lp = F.log_softmax(s, -1)
            heads = torch.zeros_like(b['hd'])
            for bi, i in enumerate(idx):
                n = encs[i]['n']
                sc = lp[bi, :n, :n].numpy().T.astype(np.float64)  # sc[h,d]
                heads[bi, :n] = torch.tensor(eisner(sc))
        else:
            heads = s.argmax(-1)
        rl = m.label_scores(ld, lh, heads).argmax(-1)
        up = m.upos(h).argmax(-1)
        for bi, i in enumerate(idx):
            n = encs[i]['n']
            out[i] = (up[bi, 1:n].tolist(), heads[bi, 1:n].tolist(), rl[bi, 1:n].tolist())
    return out


def evaluate(m, encs, use_eisner=False):
    pred = predict(m, encs, use_eisner=use_eisner)
    tot = u = a = l = 0
    for e, (up, hd, rl) in zip(encs, pred):
        for j in range(e['n'] - 1):
            tot += 1
            u += up[j] == e['up'][j + 1]
            if hd[j] == e['hd'][j + 1]:
                a += 1
                l += rl[j] == e['rl'][j + 1]
    return u / tot, a / tot, l / tot


def cpu_time():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main_train(args):
    torch.manual_seed(1); random.seed(1); np.random.seed(1)
    torch.set_num_threads(args.threads)
    train, dev, test = (read_conllu(DATA % x) for x in ('train', 'dev', 'test'))
    V = Vocab(train)
    tr, dv, te = ([V.encode(s) for s in d] for d in (train, dev, test))
    m = Parser(len(V.w), len(V.upos), len(V.xpos), len(V.rel), hidden=args.hidden, wdim=args.wdim,
               adim=args.adim, arc=args.arc, lab=args.lab)
    nparam = sum(p.numel() for p in m.parameters())
    print(f'vocab {len(V.w)} upos {len(V.upos)} xpos {len(V.xpos)} rel {len(V.rel)} params {nparam}', flush=True)
    ep0 = 0
    if args.init:
        ck = torch.load(args.init); m.load_state_dict(ck['model']); ep0 = ck['epoch']
        print('resumed weights from', args.init, 'epoch', ep0, '(fresh Adam state)', flush=True)
    opt = torch.optim.Adam(m.parameters(), lr=args.lr, betas=(0.9, 0.9))
    dl = datetime.datetime.strptime(args.deadline, '%H:%M').time()
    os.makedirs(args.out, exist_ok=True)
    best = 0
    # length-bucketed batches
    order = sorted(range(len(tr)), key=lambda i: tr[i]['n'])
    batches = [order[k:k + args.bs] for k in range(0, len(order), args.bs)]
    last_epoch_wall = 0
    for ep in range(ep0 + 1, args.epochs + 1):
        now = datetime.datetime.utcnow()
        end = now.replace(hour=dl.hour, minute=dl.minute, second=0)
        if now + datetime.timedelta(seconds=last_epoch_wall * 1.05) > end:
            print('stopping: deadline', flush=True); break
        for g in opt.param_groups: g['lr'] = args.lr * args.decay ** (ep - 1)
        m.train(); random.shuffle(batches)
        t0, c0 = time.time(), cpu_time(); tl = 0
        for bi, idx in enumerate(batches):
            b = batchify([tr[i] for i in idx])
            loss = loss_fn(m, b)
            opt.zero_grad(); loss.backward()
            nn.utils.clip_grad_norm_(m.parameters(), 5.0)
            opt.step(); tl += loss.item()
            if ep == 1 and bi == 20:
                print(f'  20 batches: {time.time()-t0:.1f}s', flush=True)
        tw, tc = time.time() - t0, cpu_time() - c0
        last_epoch_wall = tw
        t1 = time.time()
        d = evaluate(m, dv); t = evaluate(m, te)
        print(f'epoch {ep} loss {tl/len(batches):.3f} train_wall {tw:.0f}s train_cpu {tc:.0f}s eval {time.time()-t1:.0f}s | '
              f'dev UPOS {d[0]:.4f} UAS {d[1]:.4f} LAS {d[2]:.4f} | test UPOS {t[0]:.4f} UAS {t[1]:.4f} LAS {t[2]:.4f} '
              f'| {datetime.datetime.utcnow():%H:%M:%S}', flush=True)
        if d[2] > best:
            best = d[2]
            torch.save({'model': m.state_dict(), 'vocab': V, 'args': vars(args), 'epoch': ep}, args.out + '/model.pt')


def load(path):
    ck = torch.load(path)
    V, a = ck['vocab'], ck['args']
    m = Parser(len(V.w), len(V.upos), len(V.xpos), len(V.rel), hidden=a['hidden'], wdim=a['wdim'],
               adim=a['adim'], arc=a['arc'], lab=a['lab'])
    m.load_state_dict(ck['model']); m.eval()
    return m, V, ck


def main_speed(args):
    torch.set_num_threads(1)
    m, V, ck = load(args.model)
    print('epoch', ck['epoch'])
    test = read_conllu(DATA % 'test')
    nparam = sum(p.numel() for p in m.parameters())
    emb = m.wemb.weight.numel() + m.aemb.weight.numel() + m.semb.weight.numel()
    print(f'params {nparam} (embeddings {emb}, dense {nparam-emb}); fp32 {nparam*4/1e6:.1f} MB; int8 ~{nparam/1e6:.1f} MB')
    # includes featurisation (Python) + tensor building
    for bs in (64, 1):
        with torch.no_grad():
            t0 = time.time(); c0 = cpu_time()
            encs = [V.encode(s) for s in test]
            te = time.time() - t0
            predict(m, encs, bs=bs)
            tw = time.time() - t0; tc = cpu_time() - c0
        print(f'batch {bs}: {len(test)/tw:.0f} sent/s wall ({tw:.2f}s, of which python featurisation {te:.2f}s), '
              f'{len(test)/tc:.0f} sent/s cpu; model-only {len(test)/(tw-te):.0f} sent/s', flush=True)
    if args.eisner:
        encs = [V.encode(s) for s in test]
        dv = [V.encode(s) for s in read_conllu(DATA % 'dev')]
        print('argmax dev', evaluate(m, dv), 'test', evaluate(m, encs))
        print('eisner dev', evaluate(m, dv, True), 'test', evaluate(m, encs, True), flush=True)


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('cmd')
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--hidden', type=int, default=200)
    ap.add_argument('--wdim', type=int, default=100)
    ap.add_argument('--adim', type=int, default=100)
    ap.add_argument('--arc', type=int, default=256)
    ap.add_argument('--lab', type=int, default=64)
    ap.add_argument('--bs', type=int, default=32)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--decay', type=float, default=1.0, help='learning rate factor per epoch')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--deadline', default='03:55')
    ap.add_argument('--out', default='bilstm-run')
    ap.add_argument('--model', default='bilstm-run/model.pt')
    ap.add_argument('--eisner', action='store_true')
    ap.add_argument('--init', default='')
    args = ap.parse_args()
    {'train': main_train, 'speed': main_speed}[args.cmd](args)
