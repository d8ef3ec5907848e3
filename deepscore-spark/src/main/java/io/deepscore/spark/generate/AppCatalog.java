package io.deepscore.spark.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fixed catalogue of about 50,000 Android package names the generator draws from, each with an
 * {@link AppCategory}: a few hand-picked real names per category plus a generated long tail ({@code
 * com.<vendor>.<word><variant>} from word lists). The catalogue does not depend on the generator's
 * seed: the same package set and popularity order on every run and every executor.
 *
 * <p>Popularity: background (non-signal) packages are drawn by Zipf (exponent {@value
 * #BACKGROUND_EXPONENT}) over a fixed rank order whose head is the real market leaders; signal
 * packages are drawn from their own category by Zipf (exponent {@value #CATEGORY_EXPONENT}) only
 * when the user has that interest (see {@link UserRowSynthesizer}). Immutable and thread-safe; one
 * instance per JVM via {@link #get()}.
 */
public final class AppCatalog {

  static final double BACKGROUND_EXPONENT = 1.05;
  static final double CATEGORY_EXPONENT = 1.0;
  private static final long CATALOG_SEED = 0x5EEDCA7A1061L;

  // Real market leaders, most popular first: the head of the background Zipf.
  private static final String[] TOP = {
    "com.tencent.mm",
    "com.ss.android.ugc.aweme",
    "com.eg.android.AlipayGphone",
    "com.taobao.taobao",
    "com.tencent.mobileqq",
    "com.xunmeng.pinduoduo",
    "com.sina.weibo",
    "com.baidu.searchbox",
    "com.smile.gifmaker",
    "com.jingdong.app.mall",
    "com.sankuai.meituan",
    "com.ss.android.article.news",
    "tv.danmaku.bili",
    "com.tencent.qqlive",
    "com.UCMobile",
    "com.tencent.qqmusic",
    "com.xingin.xhs",
    "com.tencent.mtt",
    "com.qiyi.video",
    "com.netease.cloudmusic"
  };

  private static final Map<AppCategory, String[]> HAND_PICKED = new EnumMap<>(AppCategory.class);

  static {
    HAND_PICKED.put(
        AppCategory.AUTO,
        new String[] {
          "com.autohome",
          "com.cubic.autohome",
          "com.yiche.autoeasy",
          "com.ss.android.auto",
          "com.xcar.activity",
          "com.pcauto.android",
          "com.tuhu.android",
          "com.guazi.app",
          "com.uxin.usedcar",
          "com.renrenche.carapp",
          "com.nio.app",
          "com.xiaopeng.mycar",
          "com.lixiang.app",
          "com.teslamotors.tesla",
          "com.byd.dynasty",
          "com.geely.consumer",
          "com.chexiang.app",
          "com.cheyipai.app",
          "com.souche.dafengche",
          "com.bmw.connected",
          "com.mercedesbenz.mbapp",
          "com.audi.myaudi",
          "com.toyota.oneapp",
          "com.volkswagen.weconnect",
          "com.autotrader.android",
          "com.carvana.app",
          "com.cargurus.app",
          "com.edmunds.app"
        });
    HAND_PICKED.put(
        AppCategory.FINANCE,
        new String[] {
          "com.chinamworld.main",
          "com.icbc",
          "cmb.pb",
          "com.chinamworld.bocmbci",
          "com.android.bankabc",
          "com.webank.wemoney",
          "com.jd.jrapp",
          "com.antfortune.wealth",
          "com.eastmoney.android.berlin",
          "com.hexin.plat.android",
          "com.lufax.android",
          "com.pingan.lifeinsurance",
          "com.paic.zhifu.wallet.activity",
          "com.zhongan.insurance",
          "com.futu.niuniu",
          "com.tigerbrokers.stock",
          "com.robinhood.android",
          "com.paypal.android.p2pmobile",
          "com.chase.sig.android",
          "com.wf.wellsfargomobile",
          "com.citi.citimobile",
          "com.revolut.revolut",
          "com.creditkarma.mobile"
        });
    HAND_PICKED.put(
        AppCategory.MAPS,
        new String[] {
          "com.autonavi.minimap",
          "com.baidu.BaiduMap",
          "com.tencent.map",
          "com.sogou.map.android.maps",
          "com.google.android.apps.maps",
          "com.waze",
          "com.here.app.maps",
          "com.sygic.aura",
          "net.osmand",
          "com.tomtom.gplay.navapp",
          "com.mapquest.android.ace",
          "com.mapswithme.maps.pro"
        });
    HAND_PICKED.put(
        AppCategory.LUXURY,
        new String[] {
          "com.secoo", "com.shizhuang.duapp", "com.farfetch.farfetchshop", "com.ynap.netaporter",
          "com.ssense.app", "com.mytheresa.mobile", "com.gucci.app", "com.louisvuitton.lv",
          "com.hermes.app", "com.chanel.app", "com.cartier.app", "com.rolex.app",
          "com.burberry.app", "com.dior.app", "com.prada.app", "com.tiffany.app",
          "com.chrono24.mobile", "fr.vestiairecollective", "com.therealreal.app"
        });
    HAND_PICKED.put(
        AppCategory.SHOPPING,
        new String[] {
          "com.taobao.taobao",
          "com.jingdong.app.mall",
          "com.xunmeng.pinduoduo",
          "com.tmall.wireless",
          "com.achievo.vipshop",
          "com.suning.mobile.ebuy",
          "com.amazon.mShop.android.shopping",
          "com.alibaba.aliexpresshd",
          "com.ebay.mobile",
          "com.shopee.id",
          "com.lazada.android",
          "com.zzkko",
          "com.taobao.idlefish"
        });
    HAND_PICKED.put(
        AppCategory.GAMES,
        new String[] {
          "com.tencent.tmgp.sgame", "com.tencent.tmgp.pubgmhd", "com.miHoYo.Yuanshen",
          "com.miHoYo.hkrpg", "com.netease.onmyoji", "com.tencent.lolm",
          "com.supercell.clashofclans", "com.supercell.clashroyale", "com.king.candycrushsaga",
          "com.mojang.minecraftpe", "com.tencent.jkchess", "com.netease.party",
          "com.kiloo.subwaysurf", "com.roblox.client", "com.tencent.tmgp.speedmobile",
          "com.outfit7.mytalkingtom2", "com.playrix.homescapes"
        });
    HAND_PICKED.put(
        AppCategory.SOCIAL,
        new String[] {
          "com.tencent.mm",
          "com.tencent.mobileqq",
          "com.sina.weibo",
          "com.xingin.xhs",
          "com.zhihu.android",
          "com.douban.frodo",
          "com.tencent.wework",
          "com.alibaba.android.rimet",
          "com.whatsapp",
          "com.facebook.katana",
          "com.instagram.android",
          "com.twitter.android",
          "com.snapchat.android",
          "com.linkedin.android",
          "org.telegram.messenger",
          "com.discord",
          "com.immomo.momo",
          "com.p1.mobile.putong"
        });
    HAND_PICKED.put(
        AppCategory.VIDEO,
        new String[] {
          "com.ss.android.ugc.aweme",
          "com.smile.gifmaker",
          "tv.danmaku.bili",
          "com.tencent.qqlive",
          "com.qiyi.video",
          "com.youku.phone",
          "com.ss.android.article.video",
          "com.google.android.youtube",
          "com.netflix.mediaclient",
          "com.zhiliaoapp.musically",
          "com.tencent.qqmusic",
          "com.netease.cloudmusic",
          "com.kugou.android",
          "com.spotify.music",
          "com.hunantv.imgo.activity"
        });
    HAND_PICKED.put(
        AppCategory.NEWS,
        new String[] {
          "com.ss.android.article.news",
          "com.tencent.news",
          "com.netease.newsreader.activity",
          "com.sohu.newsclient",
          "com.ifeng.news2",
          "com.baidu.searchbox",
          "com.UCMobile",
          "com.cnn.mobile.android.phone",
          "com.nytimes.android",
          "bbc.mobile.news.ww",
          "com.reddit.frontpage",
          "flipboard.app",
          "com.google.android.apps.magazines"
        });
    HAND_PICKED.put(
        AppCategory.TOOLS,
        new String[] {
          "com.eg.android.AlipayGphone",
          "com.tencent.mtt",
          "com.baidu.netdisk",
          "com.tencent.qqpimsecure",
          "com.qihoo360.mobilesafe",
          "com.iflytek.inputmethod",
          "com.sohu.inputmethod.sogou",
          "com.google.android.apps.translate",
          "com.microsoft.office.outlook",
          "com.adobe.reader",
          "cn.wps.moffice_eng",
          "com.intsig.camscanner",
          "com.google.android.apps.docs",
          "com.dropbox.android",
          "com.estrongs.android.pop",
          "com.tencent.androidqqmail",
          "com.google.android.gm",
          "com.android.chrome"
        });
    HAND_PICKED.put(
        AppCategory.TRAVEL,
        new String[] {
          "ctrip.android.view",
          "com.MobileTicket",
          "com.sdu.didi.psnger",
          "com.Qunar",
          "com.tongcheng.android",
          "com.taobao.trip",
          "com.mfw.roadbook",
          "com.booking",
          "com.airbnb.android",
          "com.expedia.bookings",
          "com.ubercab",
          "com.tripadvisor.tripadvisor",
          "com.jingyao.easybike",
          "com.umetrip.android.msky.app",
          "com.agoda.mobile.consumer"
        });
    HAND_PICKED.put(
        AppCategory.EDUCATION,
        new String[] {
          "com.youdao.dict",
          "com.fenbi.android.solar",
          "com.duolingo",
          "com.chaoxing.mobile",
          "com.baicizhan.main",
          "com.kingsoft",
          "org.khanacademy.android",
          "com.coursera.app",
          "com.ted.android",
          "com.xueersi.parentsside",
          "com.zuoyebang.knowledge",
          "com.hujiang.hjclass"
        });
    HAND_PICKED.put(
        AppCategory.HEALTH,
        new String[] {
          "com.pingan.papd",
          "cn.dxy.android.aspirin",
          "com.codoon.gps",
          "com.gotokeep.keep",
          "com.huawei.health",
          "com.xiaomi.hm.health",
          "com.babytree.apps.pregnancy",
          "com.myfitnesspal.android",
          "com.strava",
          "com.fitbit.FitbitMobile",
          "com.calm.android",
          "com.meitun.mama"
        });
    HAND_PICKED.put(
        AppCategory.LIFESTYLE,
        new String[] {
          "com.sankuai.meituan", "com.sankuai.meituan.takeoutnew", "com.dianping.v1", "com.wuba",
          "com.anjuke.android.app", "com.lianjia.beike", "me.ele", "com.starbucks.cn",
          "com.yelp.android", "com.ziroom.ziroomcustomer", "com.mcdonalds.gma.cn"
        });
  }

  // Long-tail words per category: the last segment of generated package names.
  private static final Map<AppCategory, String[]> WORDS = new EnumMap<>(AppCategory.class);

  static {
    WORDS.put(
        AppCategory.AUTO,
        split(
            "car carprice usedcar autoquote carloan carwash parking drive autoclub chexian ev"
                + " charging carcare dealer autonews carmarket carsale tyre carrental"));
    WORDS.put(
        AppCategory.FINANCE,
        split(
            "bank wallet loan credit stock fund invest pay insurance licai trade broker"
                + " creditcard finance money cash wealth forex crypto"));
    WORDS.put(
        AppCategory.MAPS, split("map maps navi navigation gps route traffic offlinemap ditu"));
    WORDS.put(
        AppCategory.LUXURY,
        split("luxury watch jewelry fashion designer boutique couture handbag premium outlet"));
    WORDS.put(
        AppCategory.SHOPPING,
        split("shop mall store deals coupon buy market cart fresh grocery flashsale"));
    WORDS.put(
        AppCategory.GAMES,
        split(
            "game puzzle racing rpg chess cards mahjong shooter arcade idle tower legend hero"
                + " war kingdom farm runner match3 poker fishing slots quiz"));
    WORDS.put(
        AppCategory.SOCIAL,
        split("chat messenger im dating friends community forum moments voice live"));
    WORDS.put(
        AppCategory.VIDEO,
        split("video player tv music movie stream shortvideo karaoke radio podcast"));
    WORDS.put(AppCategory.NEWS, split("news reader daily headlines feed browser magazine"));
    WORDS.put(
        AppCategory.TOOLS,
        split(
            "cleaner launcher keyboard flashlight vpn scanner battery wifi file weather"
                + " calculator calendar notes clock camera editor translator recorder"));
    WORDS.put(
        AppCategory.TRAVEL,
        split("travel hotel flight train ticket taxi trip booking tour ride bike"));
    WORDS.put(
        AppCategory.EDUCATION,
        split("learn english dict study exam kids math course school homework"));
    WORDS.put(
        AppCategory.HEALTH, split("health fitness run workout yoga diet doctor clinic steps"));
    WORDS.put(
        AppCategory.LIFESTYLE,
        split("food delivery takeout house rent home recipe coffee beauty pets"));
  }

  private static final String[] VENDOR_HEADS =
      split(
          "sun star blue mega happy smart fast cloud joy mi qi hua tian long xin jia bao le yun"
              + " zhi ai pin you kai");
  private static final String[] VENDOR_TAILS =
      split("soft tech app studio lab net mobile games dev ware inc group");
  private static final String[] VARIANTS = split(". lite pro hd plus free 2 go");

  private static final class Holder {
    static final AppCatalog INSTANCE = new AppCatalog();
  }

  private final String[] packages;
  private final AppCategory[] categories;
  private final Map<String, AppCategory> byName;
  private final int[] backgroundByRank;
  private final ZipfSampler backgroundSampler;
  private final Map<AppCategory, int[]> signalByRank = new EnumMap<>(AppCategory.class);
  private final Map<AppCategory, ZipfSampler> signalSamplers = new EnumMap<>(AppCategory.class);

  /** The catalogue (built once per JVM, in a few tens of milliseconds). */
  public static AppCatalog get() {
    return Holder.INSTANCE;
  }

  private AppCatalog() {
    SplittableRandom rng = new SplittableRandom(CATALOG_SEED);
    Set<String> all = new LinkedHashSet<>();
    Map<AppCategory, List<String>> perCategory = new EnumMap<>(AppCategory.class);
    for (AppCategory c : AppCategory.values()) {
      List<String> names = new ArrayList<>();
      for (String s : HAND_PICKED.get(c)) {
        if (all.add(s)) {
          names.add(s);
        }
      }
      String[] words = WORDS.get(c);
      while (names.size() < c.size()) {
        String vendor =
            VENDOR_HEADS[rng.nextInt(VENDOR_HEADS.length)]
                + VENDOR_TAILS[rng.nextInt(VENDOR_TAILS.length)];
        String variant = VARIANTS[rng.nextInt(VARIANTS.length)];
        // A vendor keeps its top-level domain: mostly com, some cn/net.
        int tld = Math.floorMod(vendor.hashCode(), 10);
        String name =
            (tld < 8 ? "com." : tld == 8 ? "cn." : "net.")
                + vendor
                + "."
                + words[rng.nextInt(words.length)]
                + (variant.equals(".") ? "" : variant);
        if (all.add(name)) {
          names.add(name);
        }
      }
      perCategory.put(c, names);
    }
    packages = all.toArray(new String[0]);
    categories = new AppCategory[packages.length];
    byName = new HashMap<>(packages.length * 2);
    for (Map.Entry<AppCategory, List<String>> e : perCategory.entrySet()) {
      for (String s : e.getValue()) {
        byName.put(s, e.getKey());
      }
    }
    Map<String, Integer> index = new HashMap<>(packages.length * 2);
    for (int i = 0; i < packages.length; i++) {
      categories[i] = byName.get(packages[i]);
      index.put(packages[i], i);
    }

    // Background rank order: the real leaders, then the other hand-picked names, then the tail.
    List<Integer> head = new ArrayList<>();
    List<Integer> handPicked = new ArrayList<>();
    List<Integer> tail = new ArrayList<>();
    Set<String> top = new LinkedHashSet<>(List.of(TOP));
    for (String s : TOP) {
      head.add(index.get(s));
    }
    for (AppCategory c : AppCategory.values()) {
      if (c.signal()) {
        continue;
      }
      int hand = HAND_PICKED.get(c).length;
      List<String> names = perCategory.get(c);
      for (int i = 0; i < names.size(); i++) {
        if (top.contains(names.get(i))) {
          continue;
        }
        (i < hand ? handPicked : tail).add(index.get(names.get(i)));
      }
    }
    Collections.shuffle(handPicked, new java.util.Random(CATALOG_SEED));
    Collections.shuffle(tail, new java.util.Random(CATALOG_SEED + 1));
    head.addAll(handPicked);
    head.addAll(tail);
    backgroundByRank = head.stream().mapToInt(Integer::intValue).toArray();
    backgroundSampler = new ZipfSampler(backgroundByRank.length, BACKGROUND_EXPONENT);

    for (AppCategory c : AppCategory.values()) {
      if (c.signal()) {
        int[] ranks = perCategory.get(c).stream().mapToInt(index::get).toArray();
        signalByRank.put(c, ranks);
        signalSamplers.put(c, new ZipfSampler(ranks.length, CATEGORY_EXPONENT));
      }
    }
  }

  private static String[] split(String words) {
    return words.trim().split(" +");
  }

  /** Number of distinct packages. */
  public int size() {
    return packages.length;
  }

  /** Package name of catalogue index {@code i}. */
  public String packageName(int i) {
    return packages[i];
  }

  /** Category of catalogue index {@code i}. */
  public AppCategory category(int i) {
    return categories[i];
  }

  /** Category of a package name, or {@code null} if it is not in the catalogue. */
  public AppCategory categoryOf(String packageName) {
    return byName.get(packageName);
  }

  /** All package names of one category (hand-picked first), as a new list. */
  public List<String> packagesIn(AppCategory category) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < packages.length; i++) {
      if (categories[i] == category) {
        out.add(packages[i]);
      }
    }
    return out;
  }

  /** The background package of popularity rank 0 (the most popular app). */
  public String mostPopularPackage() {
    return packages[backgroundByRank[0]];
  }

  /** Draws a background (non-signal) package index by Zipf popularity. */
  int sampleBackground(SplittableRandom rng) {
    return backgroundByRank[backgroundSampler.sample(rng)];
  }

  /** Draws a package index of signal category {@code c} by Zipf popularity within it. */
  int sampleSignal(AppCategory c, SplittableRandom rng) {
    return signalByRank.get(c)[signalSamplers.get(c).sample(rng)];
  }

  /** Draws a package index uniformly from the whole catalogue (used to fill huge lists). */
  int sampleUniform(SplittableRandom rng) {
    return rng.nextInt(packages.length);
  }
}
